import type { Socket } from 'socket.io';
import type { Identity } from './auth.js';
import type { RateWindow } from './rate-limit.js';

export interface Session {
  socket: Socket;
  identity: Identity;
  rooms: Set<string>;
  rate: RateWindow;
  /** Rate-limit and validation violations, counted for STRICT_MODE. */
  violations: number;
  lastActivityAt: number;
}

/** Per-connection state of this pod. `leak` is the leak-on-disconnect defect: nothing is released. */
export class SessionRegistry {
  private readonly sessions = new Map<string, Session>();
  private readonly retired: Session[] = [];

  constructor(private readonly leak: boolean) {}

  add(session: Session): void {
    this.sessions.set(session.socket.id, session);
  }

  release(socketId: string): void {
    const session = this.sessions.get(socketId);
    if (!session) return;
    if (this.leak) this.retired.push(session);
    this.sessions.delete(socketId);
  }

  get size(): number {
    return this.sessions.size + this.retired.length;
  }

  get active(): number {
    return this.sessions.size;
  }

  values(): IterableIterator<Session> {
    return this.sessions.values();
  }
}
