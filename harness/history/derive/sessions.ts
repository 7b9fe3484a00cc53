import type { EventOfType, HistoryEvent } from '../events.js';

export interface ClientSession {
  connected: boolean;
  /** Rooms joined so far (client.join). */
  rooms: Set<string>;
  /** Rooms not yet resumed on the current connection. */
  pending: Set<string>;
  lastConnectT: number | null;
  lastDisconnect: EventOfType<'client.disconnect'> | null;
  closedT: number | null;
}

/**
 * Follows each client's connection through the history, one event at a time. A client is caught
 * up when it is connected and every room it joined has a client.resumed on this connection.
 */
export class SessionTracker {
  readonly sessions = new Map<string, ClientSession>();

  session(client: string): ClientSession {
    let session = this.sessions.get(client);
    if (session === undefined) {
      session = {
        connected: false,
        rooms: new Set(),
        pending: new Set(),
        lastConnectT: null,
        lastDisconnect: null,
        closedT: null,
      };
      this.sessions.set(client, session);
    }
    return session;
  }

  isCaughtUp(client: string): boolean {
    const session = this.sessions.get(client);
    return session !== undefined && session.connected && session.pending.size === 0;
  }

  /** Applies one event; true when it is the one that made its client caught up. */
  apply(e: HistoryEvent): boolean {
    switch (e.type) {
      case 'client.join': {
        const s = this.session(e.client);
        s.rooms.add(e.room);
        if (s.connected) s.pending.add(e.room);
        return false;
      }
      case 'client.connect': {
        const s = this.session(e.client);
        s.connected = true;
        s.lastConnectT = e.t;
        s.pending = new Set(s.rooms);
        return s.pending.size === 0;
      }
      case 'client.resumed': {
        const s = this.session(e.client);
        if (!s.connected || !s.pending.delete(e.room)) return false;
        return s.pending.size === 0;
      }
      case 'client.disconnect': {
        const s = this.session(e.client);
        s.connected = false;
        s.pending.clear();
        s.lastDisconnect = e;
        return false;
      }
      case 'client.closed': {
        const s = this.session(e.client);
        s.connected = false;
        s.pending.clear();
        s.closedT ??= e.t;
        return false;
      }
      default:
        return false;
    }
  }
}
