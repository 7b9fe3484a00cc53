import { afterEach, describe, expect, it } from 'vitest';
import { Fleet } from '../../load/fleet.js';
import { seededRandom } from '../../load/random.js';
import type { VirtualUserConnection } from '../adapter.js';
import { createAdapter } from '../adapters.js';
import type { SocketIoEventsAdapterConfig } from '../target.js';
import { createSocketIoEventsAdapter } from './adapter.js';
import { MemorySink, startServer, waitUntil, type TestServer } from './test-support.js';

let server: TestServer | undefined;
let users: VirtualUserConnection[] = [];
let fleet: Fleet | undefined;

afterEach(async () => {
  await fleet?.closeAll();
  await Promise.allSettled(users.map((u) => u.close()));
  await server?.close();
  server = undefined;
  fleet = undefined;
  users = [];
});

function userOf(
  adapter: ReturnType<typeof createAdapter>,
  sink: MemorySink,
  id: string,
  url: string,
  transport: 'websocket' | 'polling' | 'auto' = 'websocket',
) {
  const user = adapter.createUser({
    id,
    url,
    token: () => `tok-${id}`,
    transport,
    random: seededRandom(id.length),
    sink,
  });
  users.push(user);
  return user;
}

describe('socketio-events adapter: a room chat with acks (real socket.io server)', () => {
  const config: SocketIoEventsAdapterConfig = {
    kind: 'socketio-events',
    path: '/ws',
    namespace: '/chat',
    transports: ['polling'],
    cookies: true,
    auth: { token: '{token}' },
    query: { user: '{user}' },
    join: {
      emit: 'room:join',
      data: { room: '{room}' },
      acknowledge: { match: { path: 'ok', equals: true } },
    },
    send: {
      emit: 'chat:send',
      data: { room: '{room}', id: '{correlationId}', n: '{senderSeq}', text: '{body}' },
      acknowledge: { timeoutMs: 800, match: { path: 'status', equals: 'ok' } },
    },
    receive: { on: 'chat:message', field: 'id' },
    echo: true,
    pod: { on: 'hello', field: 'node.name' },
  };

  it('records connect, attach, join, resumed, invoke/ok/fail/unknown and deliveries to room members only', async () => {
    const received: Array<{ id: unknown; n: unknown }> = [];
    let cookieSeen = false;
    server = await startServer(
      (io) => {
        io.engine.on('headers', (_headers, req: { headers: Record<string, string | undefined> }) => {
          if (/\bio=/.test(req.headers.cookie ?? '')) cookieSeen = true;
        });
        const chat = io.of('/chat');
        chat.use((socket, next) => {
          const user = String(socket.handshake.query.user);
          if (socket.handshake.auth.token !== `tok-${user}`) return next(new Error('unauthorized'));
          socket.data.user = user;
          next();
        });
        chat.on('connection', (socket) => {
          socket.emit('hello', { node: { name: 'pod-x' } });
          socket.on('room:join', (req: { room: string }, ack: (r: unknown) => void) => {
            void socket.join(req.room);
            ack({ ok: true });
          });
          socket.on('chat:send', (msg: { room: string; id: string; n: unknown; text: string }, ack) => {
            received.push({ id: msg.id, n: msg.n });
            if (msg.text === 'reject') return ack({ status: 'error', reason: 'nope' });
            if (msg.text === 'ignore') return; // never acked: the outcome is unknown
            chat.to(msg.room).emit('chat:message', { id: msg.id, from: socket.data.user, text: msg.text });
            ack({ status: 'ok' });
          });
        });
      },
      { path: '/ws', cookie: { name: 'io', httpOnly: true, path: '/' } },
    );
    const sink = new MemorySink();
    const adapter = createAdapter(config);
    expect(adapter.kind).toBe('socketio-events');
    expect(adapter.namespaceBroadcast).toBe(false);
    const alice = userOf(adapter, sink, 'alice', server.url, 'polling');
    const bob = userOf(adapter, sink, 'bob', server.url, 'polling');
    const carol = userOf(adapter, sink, 'carol', server.url, 'polling');
    await Promise.all([alice.connect(), bob.connect(), carol.connect()]);
    await Promise.all([alice.join('r1'), bob.join('r1'), carol.join('r2')]);
    expect(alice.connected).toBe(true);
    await waitUntil('the pod is known', () => alice.servedBy === 'pod-x');

    alice.send('r1', 'hello');
    alice.send('r1', 'reject');
    alice.send('r1', 'ignore');
    await waitUntil('every send settled', () => alice.sendsInFlight === 0, 5_000);
    await Promise.all([alice.sync(), bob.sync(), carol.sync()]);

    expect(sink.of('client.connect', 'alice')).toMatchObject([
      { pod: null, transport: 'polling', attempt: 1, reconnect: false },
    ]);
    expect(sink.of('client.attach', 'alice')).toMatchObject([{ pod: 'pod-x' }]);
    expect(sink.of('client.join', 'alice')).toMatchObject([{ room: 'r1', fromSeq: 0 }]);
    expect(sink.of('client.resumed', 'alice')).toMatchObject([{ room: 'r1', replayed: 0, reset: false }]);
    expect(sink.of('send.invoke', 'alice')).toMatchObject([
      { room: 'r1', clientMsgId: 'm.alice.1', senderSeq: 1 },
      { room: 'r1', clientMsgId: 'm.alice.2', senderSeq: 2 },
      { room: 'r1', clientMsgId: 'm.alice.3', senderSeq: 3 },
    ]);
    expect(sink.of('send.ok', 'alice')).toMatchObject([{ clientMsgId: 'm.alice.1', attempts: 1 }]);
    expect(sink.of('send.fail', 'alice')).toMatchObject([{ clientMsgId: 'm.alice.2' }]);
    expect(sink.of('send.fail', 'alice')[0]!.code).toContain('nope');
    expect(sink.of('send.unknown', 'alice')).toMatchObject([{ clientMsgId: 'm.alice.3', code: 'timeout' }]);
    // A string that is exactly {senderSeq} kept the number's type.
    expect(received).toEqual([
      { id: 'm.alice.1', n: 1 },
      { id: 'm.alice.2', n: 2 },
      { id: 'm.alice.3', n: 3 },
    ]);
    const delivered = sink.of('deliver').map((e) => [e.client, e.room, e.clientMsgId, e.sender, e.senderSeq]);
    expect(delivered.sort()).toEqual([
      ['alice', 'r1', 'm.alice.1', 'alice', 1],
      ['bob', 'r1', 'm.alice.1', 'alice', 1],
    ]);
    expect(sink.of('deliver')[0]).not.toHaveProperty('seq');
    expect(cookieSeen, 'long-polling requests carried the affinity cookie').toBe(true);

    await alice.close();
    expect(sink.of('client.closed', 'alice')).toHaveLength(1);
    expect(sink.of('client.disconnect', 'alice')).toMatchObject([
      { reason: 'io client disconnect', planned: true },
    ]);
  });

  it('a refused handshake rejects connect() and says why', async () => {
    server = await startServer(
      (io) =>
        io.of('/chat').use((_socket, next) => {
          const err = new Error('unauthorized') as Error & { data?: unknown };
          err.data = { code: 'bad_token' };
          next(err);
        }),
      { path: '/ws' },
    );
    const sink = new MemorySink();
    const adapter = createSocketIoEventsAdapter(config, { reconnection: { initialMs: 20, maxMs: 50 } });
    const dave = userOf(adapter, sink, 'dave', server.url);
    await expect(dave.connect()).rejects.toThrow(/unauthorized/);
    expect(dave.connected).toBe(false);
    expect(dave.lastError).toContain('bad_token');
  });
});

describe('socketio-events adapter: namespace broadcast without acks, the id inside a text', () => {
  it('puts every user in one room, records only send.invoke, and no delivery to the sender (echo false)', async () => {
    server = await startServer((io) =>
      io.on('connection', (socket) => {
        socket.on('msg', (m: { text: string }) =>
          socket.broadcast.emit('msg', { text: `someone says: ${m.text}!` }),
        );
      }),
    );
    const sink = new MemorySink();
    const adapter = createAdapter({
      kind: 'socketio-events',
      send: { emit: 'msg', data: { text: '{body} {correlationId}' } },
      receive: { on: 'msg', field: 'text' },
      echo: false,
    });
    expect(adapter.namespaceBroadcast).toBe(true);
    fleet = new Fleet({
      url: server.url,
      clients: 3,
      roomSize: 2,
      connectRatePerSecond: 100,
      seed: 1,
      sink,
      adapter,
      transport: 'auto',
    });
    expect(Object.values(fleet.rooms)).toEqual([['vu-00000', 'vu-00001', 'vu-00002']]);
    await fleet.connectAll();
    expect(fleet.stats().connected).toBe(3);
    expect(fleet.unconnected()).toEqual([]);
    const sent = await fleet.drive(
      [
        { at: 0, client: 0 },
        { at: 20, client: 1 },
        { at: 40, client: 0 },
      ],
      8,
    );
    expect(sent).toBe(3);
    const sync = await fleet.finalSync(5_000);
    expect(sync).toEqual({ synced: 3, failed: [] });

    expect(sink.of('rooms.assigned')).toHaveLength(1);
    expect(sink.of('send.invoke').map((e) => [e.client, e.clientMsgId, e.senderSeq])).toEqual([
      ['vu-00000', 'm.vu-00000.1', 1],
      ['vu-00001', 'm.vu-00001.1', 1],
      ['vu-00000', 'm.vu-00000.2', 2],
    ]);
    expect(sink.events.filter((e) => e.type.startsWith('send.') && e.type !== 'send.invoke')).toEqual([]);
    const delivered = sink
      .of('deliver')
      .map((e) => `${e.client}<-${e.clientMsgId}`)
      .sort();
    expect(delivered).toEqual([
      'vu-00000<-m.vu-00001.1',
      'vu-00001<-m.vu-00000.1',
      'vu-00001<-m.vu-00000.2',
      'vu-00002<-m.vu-00000.1',
      'vu-00002<-m.vu-00000.2',
      'vu-00002<-m.vu-00001.1',
    ]);
    for (const e of sink.of('deliver')) expect(e.room).toBe('room-0');
    expect(fleet.users.every((u) => u.servedBy === null)).toBe(true);
  });
});

describe('socketio-events adapter: an in-band login re-sent after every reconnect', () => {
  it('logs in again, rejoins, resumes and sends after a server-side disconnect and a transport close', async () => {
    const logins = new Map<string, number>();
    server = await startServer((io) =>
      io.on('connection', (socket) => {
        let user: string | null = null;
        socket.on('login', (req: { user: string; token: string }, ack: (r: unknown) => void) => {
          if (req.token !== `tok-${req.user}`) return ack({ ok: false });
          user = req.user;
          logins.set(user, (logins.get(user) ?? 0) + 1);
          socket.data.user = user;
          ack({ ok: true });
        });
        socket.on('join', (room: string) => {
          if (user) void socket.join(room);
        });
        socket.on('say', (m: { room: string; id: string; body: string }, ack: (r: unknown) => void) => {
          if (!user) return ack({ ok: false, error: 'login first' });
          socket.to(m.room).emit('said', { id: m.id, by: user });
          ack({ ok: true });
        });
      }),
    );
    const sink = new MemorySink();
    const adapter = createSocketIoEventsAdapter(
      {
        kind: 'socketio-events',
        login: {
          emit: 'login',
          data: { user: '{user}', token: '{token}' },
          acknowledge: { match: { path: 'ok', equals: true } },
        },
        join: { emit: 'join', data: '{room}' },
        send: {
          emit: 'say',
          data: { room: '{room}', id: '{correlationId}', body: '{body}' },
          acknowledge: { match: { path: 'ok', equals: true } },
        },
        receive: { on: 'said', field: 'id' },
        echo: false,
      },
      { reconnection: { initialMs: 50, maxMs: 200 }, quietMs: 100 },
    );
    const alice = userOf(adapter, sink, 'alice', server.url);
    const bob = userOf(adapter, sink, 'bob', server.url);
    await Promise.all([alice.connect(), bob.connect()]);
    await Promise.all([alice.join('r'), bob.join('r')]);
    expect(logins.get('alice')).toBe(1);

    const socketOf = async (name: string) =>
      [...server!.io.of('/').sockets.values()].find((s) => s.data.user === name)!;
    // The server disconnects alice's socket: socket.io-client would stay away; the adapter comes back.
    (await socketOf('alice')).disconnect();
    await waitUntil('alice is disconnected', () => sink.of('client.disconnect', 'alice').length === 1);
    alice.send('r', 'sent while away'); // queued, goes out after the login and the join
    await waitUntil('alice resumed', () => sink.of('client.resumed', 'alice').length === 2);
    expect(logins.get('alice')).toBe(2);
    // Its ack must be back before the next cut, or the outcome is honestly unknown.
    await waitUntil('the queued send was acked', () => alice.sendsInFlight === 0);

    // A transport close: socket.io-client reconnects by itself; the adapter logs in again.
    (await socketOf('alice')).conn.close();
    await waitUntil('alice resumed again', () => sink.of('client.resumed', 'alice').length === 3);
    expect(logins.get('alice')).toBe(3);

    bob.send('r', 'to alice');
    alice.send('r', 'to bob');
    await waitUntil('sends settled', () => alice.sendsInFlight + bob.sendsInFlight === 0);
    await Promise.all([alice.sync(), bob.sync()]);

    expect(sink.of('client.disconnect', 'alice')).toMatchObject([
      { reason: 'io server disconnect', planned: true },
      { reason: 'transport close', planned: false },
    ]);
    expect(sink.of('client.connect', 'alice').map((e) => e.reconnect)).toEqual([false, true, true]);
    expect(sink.of('client.join', 'alice')).toHaveLength(1);
    expect(sink.of('send.ok', 'alice').map((e) => e.clientMsgId)).toEqual(['m.alice.1', 'm.alice.2']);
    expect(sink.of('send.fail')).toEqual([]);
    expect(sink.of('deliver', 'bob').map((e) => e.clientMsgId)).toEqual(['m.alice.1', 'm.alice.2']);
    expect(sink.of('deliver', 'alice').map((e) => e.clientMsgId)).toEqual(['m.bob.1']);
    // The reconnect time is measurable: each unplanned or planned disconnect ends in a resume.
    const [, second] = sink.of('client.disconnect', 'alice');
    const resumedAfter = sink.of('client.resumed', 'alice').find((e) => e.t >= second!.t);
    expect(resumedAfter).toBeDefined();
  });
});

describe('socketio-events adapter: a login the server refuses', () => {
  it('tries a few times, then connect() rejects naming the refusal', async () => {
    let attempts = 0;
    server = await startServer((io) =>
      io.on('connection', (socket) =>
        socket.on('login', (_req: unknown, ack: (r: unknown) => void) => {
          attempts++;
          ack({ ok: false, error: 'bad password' });
        }),
      ),
    );
    const sink = new MemorySink();
    const adapter = createSocketIoEventsAdapter(
      {
        kind: 'socketio-events',
        login: {
          emit: 'login',
          data: { user: '{user}' },
          acknowledge: { match: { path: 'ok', equals: true } },
        },
        send: { emit: 'say', data: { id: '{correlationId}' } },
        receive: { on: 'said', field: 'id' },
        echo: false,
      },
      { reconnection: { initialMs: 20, maxMs: 50 } },
    );
    const eve = userOf(adapter, sink, 'eve', server.url);
    await expect(eve.connect()).rejects.toThrow(/login \(login\) refused: .*bad password/);
    expect(attempts).toBe(4);
    expect(eve.lastError).toMatch(/bad password/);
    expect(sink.of('client.connect', 'eve')).toHaveLength(4);
  });
});
