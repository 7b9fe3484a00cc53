// The wire contract between the reference gateway and the client SDK. Both sides import this
// file and nothing else of each other. Every request is a Socket.IO event with an acknowledgement.

export const ClientEvents = {
  join: 'room:join',
  leave: 'room:leave',
  send: 'message:send',
  fetch: 'room:fetch',
  heads: 'room:heads',
  presence: 'presence:list',
} as const;

export const ServerEvents = {
  /** First event on every connection: which pod serves this socket. */
  welcome: 'session:welcome',
  message: 'message',
  shutdown: 'server_shutdown',
  sync: 'rooms:sync',
} as const;

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'payload_too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'shutting_down'
  | 'server_full'
  | 'origin_not_allowed'
  | 'internal';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** true when the same request may succeed later (database down, rate limited, shutting down). */
  retryable: boolean;
  retryAfterMs?: number;
}

export type Ack<T> = ({ ok: true } & T) | { ok: false; error: ErrorBody };

export interface ChatMessage {
  room: string;
  /** Per room, gap-free, starting at 1, assigned in the commit's transaction. */
  seq: number;
  clientMsgId: string;
  sender: string;
  body: string;
  /** Epoch milliseconds of the commit, as the database clock saw it. */
  committedAt: number;
}

/** Handshake `auth` payload. */
export interface HandshakeAuth {
  token?: string;
  /** Set by the SDK on every reconnect after the first connect. */
  resume?: boolean;
  /** Identity claimed when auth is disabled (REQUIRE_AUTH=false). */
  userId?: string;
}

/** `connect_error` carries this in `err.data`. */
export interface ConnectErrorData {
  code: ErrorCode;
  retryable: boolean;
}

export interface JoinRequest {
  room: string;
  /** Last seq the client holds for the room; null or absent joins at the head (no history). */
  lastSeq?: number | null;
}

export interface RoomPage {
  room: string;
  /** Highest committed seq of the room at the time of the reply. */
  head: number;
  /** Messages after the requested seq, ascending, at most one batch. */
  messages: ChatMessage[];
  /** More messages exist after the last one returned. */
  more: boolean;
  /** The gap is beyond the retention window: the client must jump to `head`. */
  reset: boolean;
}

export type JoinReply = Ack<RoomPage>;

export interface FetchRequest {
  room: string;
  after: number;
  limit?: number;
}
export type FetchReply = Ack<RoomPage>;

export interface SendRequest {
  room: string;
  /** Client-chosen id; a repeat returns the original seq and stores nothing new. */
  clientMsgId: string;
  body: string;
}
export type SendReply = Ack<{ seq: number; duplicate: boolean }>;

export interface LeaveRequest {
  room: string;
}
export type LeaveReply = Ack<Record<never, never>>;

export interface HeadsRequest {
  rooms: string[];
}
export type HeadsReply = Ack<{ heads: Record<string, number> }>;

export interface PresenceRequest {
  room: string;
}
export interface PresenceEntry {
  userId: string;
  socketId: string;
  pod: string;
  expiresAt: number;
}
export type PresenceReply = Ack<{ enabled: boolean; members: PresenceEntry[] }>;

export interface Welcome {
  pod: string;
  zone: string;
}

export interface ShutdownNotice {
  pod: string;
  /** Epoch ms by which the server will close every remaining connection. */
  deadline: number;
  drainMs: number;
}

/** Sent after the gateway lost and regained Redis: heads of the rooms this socket is in. */
export interface SyncHint {
  heads: Record<string, number>;
}

/** Reply body of GET /rooms/:room/messages?after=SEQ (polling mode). */
export interface MessagesPage {
  room: string;
  head: number;
  messages: ChatMessage[];
  more: boolean;
  reset: boolean;
}
