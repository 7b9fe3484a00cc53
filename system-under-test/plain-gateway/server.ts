import { once } from 'node:events';
import http from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import { Server, type Socket } from 'socket.io';

// A plain chat gateway, the way many teams run one: Socket.IO nodes behind a load balancer, the
// Redis adapter for cross-node fan-out, a broadcast to everyone else in the room. No acks, no
// persistence, no resume, no message ids of its own, no degraded mode: when Redis is down the
// adapter's publishes just fail, and messages for other nodes are gone.

export interface PlainGatewayOptions {
  port: number;
  host: string;
  redisUrl: string;
  podName: string;
}

export interface PlainGateway {
  port: number;
  close(): Promise<void>;
}

export const log = (pod: string, message: string, extra?: unknown): void => {
  const line = `${new Date().toISOString()} [${pod}] ${message}`;
  if (extra === undefined) console.log(line);
  else console.log(line, extra instanceof Error ? extra.message : extra);
};

type Ack = (reply: unknown) => void;

const roomOf = (payload: unknown): string | undefined => {
  const room = (payload as { room?: unknown } | null | undefined)?.room;
  return typeof room === 'string' && room.length > 0 ? room : undefined;
};

function onConnection(socket: Socket): void {
  socket.on('join', (payload: unknown, ack?: Ack) => {
    const room = roomOf(payload);
    if (room) void socket.join(room);
    if (typeof ack === 'function') ack(room ? { ok: true, room } : { ok: false, error: 'room required' });
  });

  socket.on('leave', (payload: unknown, ack?: Ack) => {
    const room = roomOf(payload);
    if (room) void socket.leave(room);
    if (typeof ack === 'function') ack({ ok: Boolean(room) });
  });

  socket.on('chat', (payload: unknown) => {
    const room = roomOf(payload);
    if (!room) return;
    socket.to(room).emit('chat', { ...(payload as Record<string, unknown>), from: socket.id });
  });
}

export async function startPlainGateway(opts: PlainGatewayOptions): Promise<PlainGateway> {
  const httpServer = http.createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && url === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 'ok' }));
      return;
    }
    // Socket.IO answers its own path before this handler; anything else is not ours.
    if (!url?.startsWith('/socket.io')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'not found' }));
    }
  });

  // The publisher fails fast while Redis is unreachable instead of buffering every broadcast in
  // memory for an outage of unknown length (ioredis's offline queue): a publish made while Redis is
  // down is dropped, which is what "the adapter fails to publish" means in production.
  const pubClient = new Redis(opts.redisUrl, { enableOfflineQueue: false });
  const subClient = new Redis(opts.redisUrl);
  for (const [name, client] of [
    ['pub', pubClient],
    ['sub', subClient],
  ] as const) {
    client.on('error', (err: Error) => log(opts.podName, `redis ${name} error:`, err));
    client.on('ready', () => log(opts.podName, `redis ${name} ready`));
  }

  const io = new Server(httpServer, {
    cors: { origin: '*' },
    adapter: createAdapter(pubClient, subClient),
  });
  io.on('connection', onConnection);

  // Serve once the publisher is connected (without its offline queue, earlier publishes would fail).
  if (pubClient.status !== 'ready') await once(pubClient, 'ready');

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(opts.port, opts.host, () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  log(opts.podName, `listening on ${opts.host}:${port}`);

  return {
    port,
    async close() {
      await io.close();
      pubClient.disconnect();
      subClient.disconnect();
    },
  };
}
