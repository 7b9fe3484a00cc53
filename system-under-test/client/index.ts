export { DrillClient, type JoinOptions, type PresenceResult } from './drill-client.js';
export type { DrillClientOptions, TokenSource } from './options.js';
export type {
  ClientErrorEvent,
  ClientState,
  ClientStats,
  ConnectedEvent,
  DisconnectedEvent,
  DrillClientEventName,
  DrillClientEvents,
  GapFilledEvent,
  ResetEvent,
  ResumedEvent,
  SendAckedEvent,
  SendAttemptEvent,
  SendFailedEvent,
  ShutdownNoticeEvent,
  StateChange,
  WelcomeEvent,
} from './events.js';
export { DrillError, SendError, type DrillErrorCode, type SendOutcome } from './errors.js';
export type { SendResult } from './outbox.js';
export type { TransportMode, TransportName } from './transport-policy.js';
export { backoffDelay, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export { RoomStream, type SeqRange, type StreamUpdate } from './room-stream.js';
