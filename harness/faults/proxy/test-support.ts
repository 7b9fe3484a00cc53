// Helpers for the fault proxy's tests: the proxy as a real process driven with toxiproxy-node-client,
// tiny TCP upstreams on loopback, and a client that records what it sees and when.
import { mkdtempSync, rmSync } from 'node:fs';
import net, { type AddressInfo, type Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Toxiproxy, type Proxy } from 'toxiproxy-node-client';
import { startFaultProxyProcess, type FaultProxyProcess } from '../../env/local/fault-proxy-process.js';

export const HOST = '127.0.0.1';

export interface StartedFaultProxy extends FaultProxyProcess {
  toxiproxy: Toxiproxy;
  /** stops the process and removes its log folder */
  down(): Promise<void>;
}

export async function startFaultProxy(seed = 0): Promise<StartedFaultProxy> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-fault-proxy-'));
  const started = await startFaultProxyProcess({ logDir, seed });
  return {
    ...started,
    toxiproxy: new Toxiproxy(started.apiUrl),
    down: async () => {
      await started.stop();
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}

export function portOf(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(':') + 1));
}

/** A proxy on a free loopback port in front of 127.0.0.1:`upstreamPort`. */
export async function newProxy(
  toxiproxy: Toxiproxy,
  name: string,
  upstreamPort: number,
): Promise<{ proxy: Proxy; port: number }> {
  const proxy = await toxiproxy.createProxy({
    name,
    listen: `${HOST}:0`,
    upstream: `${HOST}:${upstreamPort}`,
  });
  return { proxy, port: portOf(proxy.listen) };
}

export async function removeAllProxies(toxiproxy: Toxiproxy): Promise<void> {
  for (const proxy of Object.values(await toxiproxy.getAll())) await proxy.remove();
}

export interface TcpServer {
  port: number;
  /** sockets accepted so far, with what each received and when */
  accepted: { socket: Socket; received: { at: number; bytes: number }[]; error?: string }[];
  close(): Promise<void>;
}

/** A loopback TCP server running `handle` for every connection. */
export async function startTcpServer(handle: (socket: Socket) => void): Promise<TcpServer> {
  const accepted: TcpServer['accepted'] = [];
  const server = net.createServer({ allowHalfOpen: false }, (socket) => {
    socket.setNoDelay(true);
    const entry: TcpServer['accepted'][number] = { socket, received: [] };
    accepted.push(entry);
    socket.on('data', (data: Buffer) => entry.received.push({ at: performance.now(), bytes: data.length }));
    socket.on('error', (error: NodeJS.ErrnoException) => (entry.error = error.code ?? error.message));
    handle(socket);
  });
  await new Promise<void>((resolve) => server.listen({ host: HOST, port: 0 }, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const { socket } of accepted) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Echoes what it receives. */
export const startEchoServer = (): Promise<TcpServer> => startTcpServer((socket) => socket.pipe(socket));

/** Says `text` on connect, then echoes. */
export const startHelloServer = (text: string): Promise<TcpServer> =>
  startTcpServer((socket) => {
    socket.write(text);
    socket.pipe(socket);
  });

/** Sends `bytes` bytes in one write on connect; `end` also closes its side afterwards. */
export const startBlastServer = (bytes: number, end = false): Promise<TcpServer> =>
  startTcpServer((socket) => {
    const data = Buffer.alloc(bytes, 'x');
    if (end) socket.end(data);
    else socket.write(data);
  });

/** Counts what it receives and never answers. */
export const startSinkServer = (): Promise<TcpServer> => startTcpServer((socket) => socket.resume());

export interface Received {
  at: number;
  data: Buffer;
}

/** A TCP client that records every chunk, the end of stream, errors and the close, with times. */
export class Client {
  readonly chunks: Received[] = [];
  endedAt: number | undefined;
  closedAt: number | undefined;
  errorCode: string | undefined;
  connectedAt = 0;

  private constructor(readonly socket: Socket) {
    socket.on('data', (data: Buffer) => this.chunks.push({ at: performance.now(), data }));
    socket.on('end', () => (this.endedAt ??= performance.now()));
    socket.on('close', () => (this.closedAt ??= performance.now()));
    socket.on('error', (error: NodeJS.ErrnoException) => (this.errorCode ??= error.code ?? error.message));
  }

  static connect(port: number): Promise<Client> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: HOST, port, noDelay: true });
      const client = new Client(socket);
      socket.once('connect', () => {
        client.connectedAt = performance.now();
        resolve(client);
      });
      socket.once('error', reject);
    });
  }

  /** Resolves with the error code of a connection attempt that fails (ECONNREFUSED...), or 'connected'. */
  static tryConnect(port: number): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect({ host: HOST, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  }

  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.data.length, 0);
  }

  text(): string {
    return Buffer.concat(this.chunks.map((c) => c.data)).toString('utf8');
  }

  get closed(): boolean {
    return this.closedAt !== undefined;
  }

  write(data: string | Buffer): number {
    this.socket.write(data);
    return performance.now();
  }

  /** Waits until `predicate` holds; rejects after `timeoutMs`. */
  async until(predicate: () => boolean, timeoutMs = 3_000, what = 'condition'): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate()) {
      if (performance.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what} (bytes ${this.bytes}, ended ${this.endedAt !== undefined}, closed ${this.closed}, error ${this.errorCode})`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  }

  untilBytes(n: number, timeoutMs = 3_000): Promise<void> {
    return this.until(() => this.bytes >= n, timeoutMs, `${n} bytes`);
  }

  untilClosed(timeoutMs = 3_000): Promise<void> {
    return this.until(() => this.closed, timeoutMs, 'close');
  }

  /** Writes `text` and resolves with the milliseconds until as many bytes more came back. */
  async roundTrip(text: string, timeoutMs = 3_000): Promise<number> {
    const target = this.bytes + Buffer.byteLength(text);
    const sent = this.write(text);
    await this.untilBytes(target, timeoutMs);
    return (this.chunks.at(-1)?.at ?? sent) - sent;
  }

  destroy(): void {
    this.socket.destroy();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
