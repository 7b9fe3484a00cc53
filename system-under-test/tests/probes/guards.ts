import { expect } from 'vitest';
import { JWT_SECRET, token, uniqueRoom, waitUntil, type Stack } from '../support/stack.js';
import { handshakeError, metric, rawSocket } from '../support/observer.js';
import type { Ack, SendReply } from '../../protocol.js';

/** Environment for the guard probes: small limits so each guard trips quickly. */
export const GUARD_ENV = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_WINDOW: '10000',
  RATE_LIMIT_MAX: '20',
  MAX_CONNECTIONS: '4',
  MAX_MESSAGE_BYTES: '1024',
  CORS_ORIGIN: 'http://app.example',
  JWT_SECRETS: 'previous-secret',
};

/** Handshakes: bad, expired, and expired-but-claiming-to-resume tokens are all refused. */
export async function handshakeAuth(stack: Stack) {
  const url = stack.pod(0).url;
  const expired = token('mallory', ['*'], { expiresIn: -10 });
  return {
    invalid: await handshakeError(url, { token: 'not-a-jwt' }),
    wrongSecret: await handshakeError(url, { token: token('mallory', ['*'], {}, `${JWT_SECRET}-other`) }),
    expired: await handshakeError(url, { token: expired }),
    expiredResume: await handshakeError(url, { token: expired, resume: true, userId: 'mallory' }),
    missing: await handshakeError(url, {}),
    previousSecret: await handshakeError(url, { token: token('rotating', ['*'], {}, 'previous-secret') }),
  };
}

export function assertHandshakeAuth(o: Awaited<ReturnType<typeof handshakeAuth>>) {
  const refused = (message: RegExp) => ({
    message: expect.stringMatching(message),
    data: { code: 'unauthorized', retryable: false },
  });
  expect(o.invalid).toMatchObject(refused(/invalid token/));
  expect(o.wrongSecret).toMatchObject(refused(/invalid token/));
  expect(o.expired).toMatchObject(refused(/expired/));
  expect(o.missing).toMatchObject(refused(/missing token/));
  expect(o.expiredResume, 'a resume is verified like a first connect').toMatchObject(refused(/expired/));
  expect(o.previousSecret, 'a token signed before the rotation still passes').toBeUndefined();
}

/** CORS_ORIGIN: a browser from another origin gets no Engine.IO session; the allowed one does. */
export async function corsOrigin(stack: Stack) {
  const handshake = (origin: string) =>
    fetch(`${stack.pod(0).url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });
  const foreign = await handshake('http://evil.example');
  const allowed = await handshake('http://app.example');
  return {
    foreign: { status: foreign.status, body: await foreign.text() },
    allowed: { status: allowed.status, allowOrigin: allowed.headers.get('access-control-allow-origin') },
  };
}

export function assertCorsOrigin(o: Awaited<ReturnType<typeof corsOrigin>>) {
  expect(o.foreign.status).toBe(403);
  expect(o.foreign.body).toContain('origin not allowed');
  expect(o.allowed).toEqual({ status: 200, allowOrigin: 'http://app.example' });
}

/** Requests a well-behaved gateway refuses with a clear error ack, staying up for everyone else. */
export async function badRequests(stack: Stack) {
  const url = stack.pod(0).url;
  const room = uniqueRoom('guard');
  const socket = await rawSocket(url, { token: token('nina', [room]) });
  const ask = (event: string, payload: unknown) => socket.emitWithAck(event, payload) as Promise<Ack<object>>;
  try {
    const forbidden = await ask('room:join', { room: 'someone-elses-room' });
    const oversized = await ask('message:send', { room, clientMsgId: 'big', body: 'x'.repeat(2048) });
    const malformed = await ask('message:send', { room: 42, body: null });
    const unknownEvent = await ask('no:such:event', {});
    socket.emit('message:send', { room, clientMsgId: 'no-ack', body: 'fire and forget' }); // no ack callback
    const flood: SendReply[] = [];
    for (let i = 0; i < 30; i++) {
      flood.push((await ask('message:send', { room, clientMsgId: `f${i}`, body: 'flood' })) as SendReply);
    }
    return { forbidden, oversized, malformed, unknownEvent, flood, stillConnected: socket.connected };
  } finally {
    socket.close();
  }
}

export function assertBadRequestsRefused(o: Awaited<ReturnType<typeof badRequests>>) {
  expect(o.forbidden).toMatchObject({ ok: false, error: { code: 'forbidden', retryable: false } });
  expect(o.oversized).toMatchObject({
    ok: false,
    error: { code: 'payload_too_large', message: expect.stringContaining('limit is 1024') },
  });
  expect(o.malformed).toMatchObject({
    ok: false,
    error: { code: 'bad_request', message: expect.stringContaining('room') },
  });
  expect(o.unknownEvent).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  const limited = o.flood.filter((r) => !r.ok && r.error.code === 'rate_limited');
  expect(limited.length, 'a flood past RATE_LIMIT_MAX is refused').toBeGreaterThan(0);
  expect(limited[0]).toMatchObject({
    ok: false,
    error: { retryable: true, retryAfterMs: expect.any(Number) },
  });
  expect(o.stillConnected, 'errors are answered, the connection stays').toBe(true);
}

/** MAX_CONNECTIONS=4: the fifth handshake is refused with server_full; the four keep working. */
export async function connectionLimit(stack: Stack) {
  const url = stack.pod(0).url;
  await waitUntil(
    'earlier probes released their connections',
    async () => (await metric(url, 'websocket_connections')) === 0,
  );
  const room = uniqueRoom('limit');
  const sockets = await Promise.all(
    Array.from({ length: 4 }, (_, i) => rawSocket(url, { token: token(`c${i}`) })),
  );
  try {
    const fifth = await handshakeError(url, { token: token('c5') });
    const stillServing = (await sockets[0]!.emitWithAck('message:send', {
      room,
      clientMsgId: 'after-refusal',
      body: 'ok',
    })) as SendReply;
    return { fifth, stillServing };
  } finally {
    for (const s of sockets) s.close();
  }
}

export function assertConnectionLimit(o: Awaited<ReturnType<typeof connectionLimit>>) {
  expect(o.fifth).toMatchObject({
    message: expect.stringContaining('MAX_CONNECTIONS'),
    data: { code: 'server_full', retryable: true },
  });
  expect(o.stillServing).toMatchObject({ ok: true });
}

/** Connect and close clients: every per-connection record is released. */
export async function sessionRelease(stack: Stack, count = 30) {
  const url = stack.pod(0).url;
  for (let i = 0; i < count; i += 3) {
    const batch = await Promise.all([0, 1, 2].map((j) => rawSocket(url, { token: token(`churn${i + j}`) })));
    for (const s of batch) s.close();
  }
  await waitUntil('connections closed', async () => (await metric(url, 'websocket_connections')) === 0);
  return {
    sessions: await metric(url, 'websocket_sessions'),
    connections: await metric(url, 'websocket_connections'),
  };
}

export function assertSessionsReleased(o: Awaited<ReturnType<typeof sessionRelease>>) {
  expect(o.connections).toBe(0);
  expect(o.sessions, 'no per-connection state outlives its connection').toBe(0);
}
