import pLimit from 'p-limit';
import type { Socket } from 'socket.io-client';
import type { HistorySink } from '../load/history-sink.js';
import type { HandshakeAuth } from '../targets/drill/protocol.js';
import { closeSocket, handshake } from './raw-handshake.js';

const HANDSHAKE_TIMEOUT_MS = 5_000;
const CLOSE_CONCURRENCY = 64;

export interface FloodOptions {
  pod: string;
  /** The pod's own URL: a flood bypasses the load balancer. */
  url: string;
  sink: HistorySink;
  connections: number;
  concurrency: number;
  /** The handshake auth of flood connection `index`. */
  auth: (index: number) => HandshakeAuth;
}

/**
 * A connection flood straight at one pod: `connections` handshakes, `concurrency` at a time, each
 * recorded as a flood.connection; every accepted connection is held open. A connection the server
 * closes is recorded as closed (byServer when the gateway cut it); stop() closes the rest.
 */
export class Flood {
  private readonly held = new Map<Socket, number>();
  private stopped = false;
  private running: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: FloodOptions) {}

  /** Starts the handshakes; the promise settles when every one has been attempted or skipped. */
  start(): Promise<unknown> {
    const limit = pLimit(this.o.concurrency);
    this.running = Promise.allSettled(
      Array.from({ length: this.o.connections }, (_, i) => limit(() => this.attempt(i))),
    );
    return this.running;
  }

  /** No new handshakes from now on (those under way finish and are held until stop). */
  halt(): void {
    this.stopped = true;
  }

  async stop(): Promise<void> {
    this.halt();
    await this.running;
    const closing = pLimit(CLOSE_CONCURRENCY);
    const sockets = [...this.held];
    this.held.clear();
    await Promise.allSettled(
      sockets.map(([socket, index]) =>
        closing(async () => {
          await closeSocket(socket);
          this.recordClosed(index, null, false);
        }),
      ),
    );
  }

  private async attempt(index: number): Promise<void> {
    if (this.stopped) return;
    const { pod, sink } = this.o;
    const result = await handshake(this.o.url, this.o.auth(index), HANDSHAKE_TIMEOUT_MS);
    const state = result.outcome === 'accepted' ? 'open' : result.outcome;
    sink.record({ type: 'flood.connection', pod, index, state, code: result.code });
    const socket = result.socket;
    if (socket === null) return;
    this.held.set(socket, index);
    socket.once('disconnect', (reason) => {
      if (!this.held.delete(socket)) return;
      this.recordClosed(index, reason, reason === 'io server disconnect');
    });
  }

  private recordClosed(index: number, code: string | null, byServer: boolean): void {
    this.o.sink.record({ type: 'flood.connection', pod: this.o.pod, index, state: 'closed', code, byServer });
  }
}
