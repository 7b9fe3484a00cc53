import type { HistorySink } from '../load/history-sink.js';
import type { Random } from '../load/random.js';

/**
 * A workload adapter is the only code that speaks a target's protocol. The load generator asks it
 * for one connection per virtual user; the connection records everything it sees (connect, attach,
 * join, disconnect, resume, send outcomes, deliveries) to the history itself, with the harness's
 * event types, so every checker reads the same history whatever the target.
 */
export interface WorkloadAdapter {
  /** 'drill', 'socketio-events', … */
  readonly kind: string;
  /**
   * true when the protocol has no rooms (namespace-wide broadcast): every user receives every
   * message, so the load generator puts all its users in one room.
   */
  readonly namespaceBroadcast?: boolean;
  createUser(options: VirtualUserOptions): VirtualUserConnection;
}

export interface VirtualUserOptions {
  /** The harness's id for this user (vu-00042): the sender and member name in the history. */
  id: string;
  /** Where to connect: the load balancer, or the user's --target URL through the fault proxy. */
  url: string;
  /** A fresh token for this user when the target authenticates (jwt-auth); absent otherwise. */
  token?: () => string;
  transport: 'websocket' | 'polling' | 'auto';
  /** Seeded: backoff jitter and anything else random in the client. */
  random: () => number;
  sink: HistorySink;
}

/** One virtual user's connection, driven by the load generator. */
export interface VirtualUserConnection {
  readonly id: string;
  /** Connected now (and able to send). */
  readonly connected: boolean;
  /** The pod serving the connection now, when the protocol can tell; null otherwise or while away. */
  readonly servedBy: string | null;
  readonly sendsInFlight: number;
  /** The last error (code: message), to say why a user could not connect. */
  readonly lastError: string | null;
  /** Resolves once connected (first connection); rejects when it cannot connect. */
  connect(): Promise<void>;
  /** Joins a room (or, for a namespace-wide broadcast target, records the membership). */
  join(room: string): Promise<void>;
  /**
   * Fire and record: records send.invoke (with the correlation id as clientMsgId and the per-sender
   * sequence number), then send.ok / send.fail / send.unknown when the protocol has acks.
   */
  send(room: string, body: string): void;
  /** The final catch-up before the audit: the reference replays to the head; others settle. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

export type { Random };
