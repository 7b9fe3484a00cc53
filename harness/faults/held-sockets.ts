import pLimit from 'p-limit';
import type { Socket } from 'socket.io-client';
import type { HistorySink } from '../load/history-sink.js';
import { closeSocket } from './raw-handshake.js';

/**
 * The connections a flood holds open on one pod, by flood index. A connection the server closes is
 * dropped and recorded as closed (byServer when the gateway cut it); closeAll() closes the rest.
 */
export class HeldSockets {
  private readonly sockets = new Map<Socket, number>();

  constructor(
    private readonly pod: string,
    private readonly sink: HistorySink,
  ) {}

  hold(socket: Socket, index: number): void {
    this.sockets.set(socket, index);
    socket.once('disconnect', (reason) => {
      if (!this.sockets.delete(socket)) return;
      this.recordClosed(index, reason, reason === 'io server disconnect');
    });
  }

  /** Closes one socket the flood will not hold (it arrived after the flood stopped). */
  async discard(socket: Socket, index: number): Promise<void> {
    await closeSocket(socket);
    this.recordClosed(index, null, false);
  }

  async closeAll(concurrency: number): Promise<void> {
    const closing = pLimit(concurrency);
    const sockets = [...this.sockets];
    this.sockets.clear();
    await Promise.allSettled(sockets.map(([socket, index]) => closing(() => this.discard(socket, index))));
  }

  private recordClosed(index: number, code: string | null, byServer: boolean): void {
    this.sink.record({ type: 'flood.connection', pod: this.pod, index, state: 'closed', code, byServer });
  }
}
