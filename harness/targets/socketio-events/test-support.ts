// Test support for the adapters' tests: a real socket.io server on loopback and an in-memory history.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type ServerOptions } from 'socket.io';
import type { HistoryEvent, Unstamped } from '../../history/events.js';
import type { HistorySink } from '../../load/history-sink.js';

export interface TestServer {
  url: string;
  io: Server;
  close(): Promise<void>;
}

/** A socket.io server on 127.0.0.1 and a free port, set up by the test. */
export async function startServer(
  setup: (io: Server) => void,
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const http = createServer();
  const io = new Server(http, options);
  setup(io);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    io,
    close: () => new Promise<void>((resolve) => void io.close(() => resolve())),
  };
}

export type Recorded = Unstamped<HistoryEvent> & { t: number };

/** A history in memory. */
export class MemorySink implements HistorySink {
  readonly events: Recorded[] = [];
  private readonly t0 = Date.now();
  record(event: Unstamped<HistoryEvent>): void {
    this.events.push({ ...event, t: Date.now() - this.t0 });
  }
  of<T extends HistoryEvent['type']>(type: T, client?: string): Array<Extract<Recorded, { type: T }>> {
    return this.events.filter(
      (e): e is Extract<Recorded, { type: T }> =>
        e.type === type && (client === undefined || (e as { client?: string }).client === client),
    );
  }
}

export async function waitUntil(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
