// The server is the system under test: its replies are checked against the protocol's shapes so that a
// defective gateway produces errors the harness can see, not crashes inside the SDK.
import {
  ClientEvents,
  type ChatMessage,
  type ConnectErrorData,
  type ErrorBody,
  type ErrorCode,
  type FetchReply,
  type FetchRequest,
  type HeadsReply,
  type HeadsRequest,
  type JoinReply,
  type JoinRequest,
  type LeaveReply,
  type LeaveRequest,
  type PresenceEntry,
  type PresenceReply,
  type PresenceRequest,
  type RoomPage,
  type SendReply,
  type SendRequest,
  type ShutdownNotice,
  type SyncHint,
  type Welcome,
} from '../protocol.js';

export interface RequestMap {
  [ClientEvents.join]: { request: JoinRequest; reply: JoinReply };
  [ClientEvents.leave]: { request: LeaveRequest; reply: LeaveReply };
  [ClientEvents.send]: { request: SendRequest; reply: SendReply };
  [ClientEvents.fetch]: { request: FetchRequest; reply: FetchReply };
  [ClientEvents.heads]: { request: HeadsRequest; reply: HeadsReply };
  [ClientEvents.presence]: { request: PresenceRequest; reply: PresenceReply };
}

export type RequestEvent = keyof RequestMap;

type Failure = { ok: false; error: ErrorBody };

export const replyParsers: { [E in RequestEvent]: (raw: unknown) => RequestMap[E]['reply'] } = {
  [ClientEvents.join]: (raw) => parseAck(raw, ClientEvents.join, parseRoomPage),
  [ClientEvents.fetch]: (raw) => parseAck(raw, ClientEvents.fetch, parseRoomPage),
  [ClientEvents.leave]: (raw) => parseAck(raw, ClientEvents.leave, () => ({})),
  [ClientEvents.send]: (raw) =>
    parseAck(raw, ClientEvents.send, (body) =>
      isSeq(body.seq) ? { seq: body.seq, duplicate: body.duplicate === true } : null,
    ),
  [ClientEvents.heads]: (raw) =>
    parseAck(raw, ClientEvents.heads, (body) => {
      const heads = parseHeads(body.heads);
      return heads === null ? null : { heads };
    }),
  [ClientEvents.presence]: (raw) =>
    parseAck(raw, ClientEvents.presence, (body) =>
      typeof body.enabled === 'boolean' && Array.isArray(body.members)
        ? { enabled: body.enabled, members: body.members.filter(isPresenceEntry) }
        : null,
    ),
};

export function isChatMessage(value: unknown): value is ChatMessage {
  return (
    isRecord(value) &&
    typeof value.room === 'string' &&
    isSeq(value.seq) &&
    typeof value.clientMsgId === 'string' &&
    typeof value.sender === 'string' &&
    typeof value.body === 'string' &&
    typeof value.committedAt === 'number'
  );
}

export function isWelcome(value: unknown): value is Welcome {
  return isRecord(value) && typeof value.pod === 'string' && typeof value.zone === 'string';
}

export function isShutdownNotice(value: unknown): value is ShutdownNotice {
  return (
    isRecord(value) &&
    typeof value.pod === 'string' &&
    typeof value.deadline === 'number' &&
    typeof value.drainMs === 'number'
  );
}

export function parseSyncHint(value: unknown): SyncHint | null {
  const heads = isRecord(value) ? parseHeads(value.heads) : null;
  return heads === null ? null : { heads };
}

export function parseConnectErrorData(value: unknown): ConnectErrorData | null {
  if (!isRecord(value) || typeof value.retryable !== 'boolean') return null;
  return { code: isErrorCode(value.code) ? value.code : 'internal', retryable: value.retryable };
}

function parseAck<T extends object>(
  raw: unknown,
  event: string,
  parseBody: (body: Record<string, unknown>) => T | null,
): ({ ok: true } & T) | Failure {
  if (isRecord(raw) && raw.ok === true) {
    const body = parseBody(raw);
    if (body !== null) return { ...body, ok: true };
  } else if (isRecord(raw) && raw.ok === false) {
    const error = parseErrorBody(raw.error);
    if (error !== null) return { ok: false, error };
  }
  return {
    ok: false,
    error: { code: 'internal', message: `malformed reply to ${event}`, retryable: true },
  };
}

function parseRoomPage(body: Record<string, unknown>): RoomPage | null {
  if (
    typeof body.room !== 'string' ||
    typeof body.head !== 'number' ||
    !Array.isArray(body.messages) ||
    typeof body.more !== 'boolean' ||
    typeof body.reset !== 'boolean'
  ) {
    return null;
  }
  const messages = body.messages.filter(isChatMessage).filter((message) => message.room === body.room);
  return { room: body.room, head: body.head, messages, more: body.more, reset: body.reset };
}

function parseHeads(value: unknown): Record<string, number> | null {
  if (!isRecord(value)) return null;
  const heads: Record<string, number> = {};
  for (const [room, head] of Object.entries(value)) {
    if (typeof head === 'number' && Number.isSafeInteger(head) && head >= 0) heads[room] = head;
  }
  return heads;
}

const ERROR_CODES: readonly ErrorCode[] = [
  'bad_request',
  'unauthorized',
  'forbidden',
  'payload_too_large',
  'rate_limited',
  'unavailable',
  'shutting_down',
  'server_full',
  'origin_not_allowed',
  'internal',
];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

function parseErrorBody(value: unknown): ErrorBody | null {
  if (!isRecord(value) || typeof value.retryable !== 'boolean') return null;
  const code = isErrorCode(value.code) ? value.code : 'internal';
  const message = typeof value.message === 'string' ? value.message : String(value.code);
  const error: ErrorBody = { code, message, retryable: value.retryable };
  if (typeof value.retryAfterMs === 'number' && value.retryAfterMs >= 0)
    error.retryAfterMs = value.retryAfterMs;
  return error;
}

function isPresenceEntry(value: unknown): value is PresenceEntry {
  return (
    isRecord(value) &&
    typeof value.userId === 'string' &&
    typeof value.socketId === 'string' &&
    typeof value.pod === 'string' &&
    typeof value.expiresAt === 'number'
  );
}

function isSeq(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
