import type { ChatMessage, ShutdownNotice } from '../protocol.js';
import type { DrillErrorCode, SendOutcome } from './errors.js';
import type { TransportName } from './transport-policy.js';

export type ClientState = 'idle' | 'connecting' | 'live' | 'polling' | 'reconnecting' | 'offline' | 'closed';

export interface StateChange {
  from: ClientState;
  to: ClientState;
}

export interface ConnectedEvent {
  url: string;
  transport: TransportName;
  socketId: string;
  /** 1-based number of the attempt that succeeded, counted since the last connection. */
  attempt: number;
  /** The handshake carried `resume: true` (not the first connection of this client). */
  resumed: boolean;
}

/** The gateway said which pod serves this connection (right after `connected`). */
export interface WelcomeEvent {
  pod: string;
  zone: string;
  url: string;
}

export interface DisconnectedEvent {
  /** As socket.io reports it ('transport close', 'ping timeout', ...), or 'server shutdown' when we left a draining pod. */
  reason: string;
  /** The server announced its shutdown, or the app called close(). */
  planned: boolean;
  url: string;
}

export interface ResumedEvent {
  room: string;
  /** Messages delivered while catching up after the join. */
  replayed: number;
  reset: boolean;
  /** From sending `room:join` to caught up. */
  durationMs: number;
}

export interface GapFilledEvent {
  room: string;
  /** First and last seq that had been missing. */
  from: number;
  to: number;
  count: number;
}

export interface ResetEvent {
  room: string;
  /** Last seq delivered before the jump (null if none). */
  from: number | null;
  to: number;
}

export interface ShutdownNoticeEvent extends ShutdownNotice {
  url: string;
  /** When this client will leave the pod, counted from now. */
  leaveInMs: number;
}

export interface SendAttemptEvent {
  clientMsgId: string;
  room: string;
  attempt: number;
}

export interface SendAckedEvent {
  clientMsgId: string;
  room: string;
  seq: number;
  attempts: number;
  latencyMs: number;
  duplicate: boolean;
}

export interface SendFailedEvent {
  clientMsgId: string;
  room: string;
  code: DrillErrorCode;
  outcome: SendOutcome;
}

export interface ClientErrorEvent {
  code: DrillErrorCode;
  message: string;
  room?: string;
  url?: string;
}

export interface DrillClientEvents {
  message: (message: ChatMessage) => void;
  state: (change: StateChange) => void;
  connected: (event: ConnectedEvent) => void;
  welcome: (event: WelcomeEvent) => void;
  disconnected: (event: DisconnectedEvent) => void;
  resumed: (event: ResumedEvent) => void;
  gapFilled: (event: GapFilledEvent) => void;
  reset: (event: ResetEvent) => void;
  shutdownNotice: (event: ShutdownNoticeEvent) => void;
  sendAttempt: (event: SendAttemptEvent) => void;
  sendAcked: (event: SendAckedEvent) => void;
  sendFailed: (event: SendFailedEvent) => void;
  error: (event: ClientErrorEvent) => void;
}

export type DrillClientEventName = keyof DrillClientEvents;

export type EmitFn = <E extends DrillClientEventName>(
  event: E,
  ...args: Parameters<DrillClientEvents[E]>
) => void;

export interface ClientStats {
  connects: number;
  disconnects: number;
  duplicatesDropped: number;
  gapsFilled: number;
  replayed: number;
  sendsAcked: number;
  sendsFailed: number;
}

export function emptyStats(): ClientStats {
  return {
    connects: 0,
    disconnects: 0,
    duplicatesDropped: 0,
    gapsFilled: 0,
    replayed: 0,
    sendsAcked: 0,
    sendsFailed: 0,
  };
}
