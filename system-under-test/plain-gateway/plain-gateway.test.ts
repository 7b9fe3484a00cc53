import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Two real plain-gateway processes over a real redis-server, real socket.io clients, all on
// loopback. A system under test imports nothing from the harness (lint: import-rooms), so the few
// helpers the harness has for this (free port, Redis, polling) are small local ones here.

const LOOPBACK = '127.0.0.1';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function pollUntil<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  { timeoutMs, intervalMs = 50, what }: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0 }, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => done(d.toString('latin1').startsWith('+PONG')));
  });
}

/** A throwaway redis-server (persistence off) that can be stopped and started again on its port. */
interface Redis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function startRedis(): Promise<Redis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    const current = spawn(
      process.env.DRILL_REDIS_BIN ?? 'redis-server',
      ['--port', String(port), '--bind', LOOPBACK, '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
      { stdio: 'ignore' },
    );
    child = current;
    await pollUntil(
      async () => {
        if (current.exitCode !== null) throw new Error(`redis-server exited with code ${current.exitCode}`);
        return (await redisPing(port)) ? true : undefined;
      },
      { timeoutMs: 15_000, what: `redis-server on port ${port}` },
    );
  };
  const stop = async () => {
    const current = child;
    child = undefined;
    if (!current || current.exitCode !== null || current.signalCode !== null) return;
    const exited = once(current, 'exit');
    current.kill('SIGTERM');
    const timer = setTimeout(() => current.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return { url: `redis://${LOOPBACK}:${port}`, stop, start };
}

const MAIN = path.join(import.meta.dirname, 'main.ts');
/** Long enough for a cross-node publish on loopback, short enough to keep the test quick. */
const QUIET_MS = 700;

interface Node {
  name: string;
  port: number;
  child: ChildProcess;
  log: string[];
}

interface ChatMessage {
  room: string;
  text: string;
  from: string;
  [extra: string]: unknown;
}

async function startNode(name: string, redisUrl: string): Promise<Node> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    cwd: import.meta.dirname,
    env: { ...process.env, PORT: String(port), HOST: LOOPBACK, REDIS_URL: redisUrl, POD_NAME: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const node: Node = { name, port, child, log: [] };
  child.stdout!.on('data', (d: Buffer) => node.log.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => node.log.push(d.toString()));
  await pollUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited: ${node.log.join('')}`);
      const res = await fetch(`http://${LOOPBACK}:${port}/health`).catch(() => undefined);
      return res?.status === 200 ? res : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 100, what: `${name} to answer /health` },
  );
  return node;
}

async function stopNode(node: Node): Promise<void> {
  if (node.child.exitCode !== null || node.child.signalCode !== null) return;
  const exited = once(node.child, 'exit');
  node.child.kill('SIGTERM');
  const timer = setTimeout(() => node.child.kill('SIGKILL'), 8_000);
  await exited;
  clearTimeout(timer);
}

/** A connected socket that records every `chat` it receives. */
async function client(node: Node): Promise<{ socket: Socket; inbox: ChatMessage[] }> {
  const socket = connect(`http://${LOOPBACK}:${node.port}`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const inbox: ChatMessage[] = [];
  socket.on('chat', (m: ChatMessage) => inbox.push(m));
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  return { socket, inbox };
}

const texts = (inbox: ChatMessage[]) => inbox.map((m) => m.text);

describe('plain gateway: two nodes over the Redis adapter', () => {
  let redis: Redis;
  let a: Node;
  let b: Node;
  const sockets: Socket[] = [];
  // a1, a2 on node A; b1 on node B, all in room "lobby"; b2 on node B in room "other".
  let a1: Awaited<ReturnType<typeof client>>;
  let a2: Awaited<ReturnType<typeof client>>;
  let b1: Awaited<ReturnType<typeof client>>;
  let b2: Awaited<ReturnType<typeof client>>;

  beforeAll(async () => {
    redis = await startRedis();
    [a, b] = await Promise.all([startNode('plain-a', redis.url), startNode('plain-b', redis.url)]);
    [a1, a2, b1, b2] = await Promise.all([client(a), client(a), client(b), client(b)]);
    sockets.push(a1.socket, a2.socket, b1.socket, b2.socket);
    // join with an ack callback...
    expect(await a1.socket.emitWithAck('join', { room: 'lobby' })).toMatchObject({ ok: true });
    expect(await b1.socket.emitWithAck('join', { room: 'lobby' })).toMatchObject({ ok: true });
    expect(await b2.socket.emitWithAck('join', { room: 'other' })).toMatchObject({ ok: true });
    // ...and without one (fire and forget, what most clients do)
    a2.socket.emit('join', { room: 'lobby' });
    await sleep(200);
  });

  afterAll(async () => {
    for (const s of sockets) s.close();
    await Promise.all([a, b].filter(Boolean).map(stopNode));
    await redis?.stop();
  });

  const clearInboxes = () => {
    for (const c of [a1, a2, b1, b2]) c.inbox.length = 0;
  };

  it('answers GET /health with 200 {status: ok}', async () => {
    const res = await fetch(`http://${LOOPBACK}:${a.port}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('broadcasts a chat to everyone else in the room, across nodes, with extra fields and the sender id, never back to the sender', async () => {
    clearInboxes();
    a1.socket.emit('chat', { room: 'lobby', text: 'hello from A', n: 1, meta: { k: 'v' } });
    await pollUntil(() => (b1.inbox.length > 0 && a2.inbox.length > 0 ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the chat at b1 (other node) and a2 (same node)',
    });
    const expected = { room: 'lobby', text: 'hello from A', n: 1, meta: { k: 'v' }, from: a1.socket.id };
    expect(b1.inbox).toEqual([expected]);
    expect(a2.inbox).toEqual([expected]);

    b1.socket.emit('chat', { room: 'lobby', text: 'hello from B' });
    await pollUntil(() => (a1.inbox.length > 0 && a2.inbox.length > 1 ? true : undefined), {
      timeoutMs: 5_000,
      what: 'the reply at a1 and a2',
    });
    await sleep(QUIET_MS);
    expect(texts(a1.inbox), 'no echo to the sender').toEqual(['hello from B']);
    expect(texts(b1.inbox), 'no echo to the sender').toEqual(['hello from A']);
    expect(texts(a2.inbox)).toEqual(['hello from A', 'hello from B']);
    expect(b2.inbox, 'another room hears nothing').toEqual([]);
  });

  it('with Redis stopped, same-node delivery goes on and cross-node delivery is lost', async () => {
    clearInboxes();
    await redis.stop();
    // Both nodes stay up and keep their sockets: the adapter only fails to publish.
    await sleep(300);
    for (const s of sockets) expect(s.connected).toBe(true);

    a1.socket.emit('chat', { room: 'lobby', text: 'during outage from A' });
    b1.socket.emit('chat', { room: 'lobby', text: 'during outage from B' });
    await pollUntil(() => (a2.inbox.length >= 1 ? true : undefined), {
      timeoutMs: 5_000,
      what: 'same-node delivery at a2 during the outage',
    });
    await sleep(QUIET_MS);
    expect(texts(a2.inbox).sort(), 'a2 shares node A with a1, but b1 is on B').toEqual([
      'during outage from A',
    ]);
    expect(texts(b1.inbox), 'cross-node: A → B lost').toEqual([]);
    expect(texts(a1.inbox), 'cross-node: B → A lost').toEqual([]);
    const health = await fetch(`http://${LOOPBACK}:${b.port}/health`);
    expect(health.status, '/health says nothing about Redis').toBe(200);
    for (const n of [a, b]) expect(n.child.exitCode, `${n.name} still running`).toBeNull();
  });

  it('after Redis returns, cross-node delivery resumes by itself; what was sent during the outage never arrives', async () => {
    await redis.start();
    // ioredis reconnects with its own backoff; probe until a cross-node message gets through.
    let probe = 0;
    await pollUntil(
      () => {
        a1.socket.emit('chat', { room: 'lobby', text: `probe ${++probe}` });
        return b1.inbox.some((m) => m.text.startsWith('probe')) ? true : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 250, what: 'cross-node delivery after Redis returned' },
    );
    await sleep(QUIET_MS);
    expect(texts(b1.inbox)).not.toContain('during outage from A');
    expect(texts(a1.inbox)).not.toContain('during outage from B');
  }, 30_000);
});
