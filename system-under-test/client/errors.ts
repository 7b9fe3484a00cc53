import type { ErrorCode } from '../protocol.js';

/** The server's error codes plus the ones the SDK produces itself. */
export type DrillErrorCode =
  | ErrorCode
  /** No reply within the ack timeout, or a send not acked within sendTimeoutMs. */
  | 'timeout'
  /** The connection was lost while the request waited for its reply. */
  | 'disconnected'
  /** The request needs a connection and there is none. */
  | 'not_connected'
  /** close() was called. */
  | 'closed'
  /** Every connection attempt failed (maxAttempts). */
  | 'connect_failed'
  /** The token function threw or returned no string. */
  | 'token_failed'
  /** leave() was called while the join was pending. */
  | 'left'
  /** The server's reply does not have the protocol's shape. */
  | 'bad_reply'
  /** The server's page skipped seqs it says do not exist; the room jumped over them. */
  | 'seq_hole';

export class DrillError extends Error {
  override readonly name: string = 'DrillError';
  readonly code: DrillErrorCode;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    code: DrillErrorCode,
    message: string = code,
    options: { retryable?: boolean; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** `fail`: it did not commit. `unknown`: it may have committed (an attempt went out without a definite answer). */
export type SendOutcome = 'fail' | 'unknown';

export class SendError extends DrillError {
  override readonly name: string = 'SendError';
  readonly outcome: SendOutcome;
  readonly clientMsgId: string | undefined;
  readonly room: string | undefined;
  readonly attempts: number;

  constructor(
    code: DrillErrorCode,
    outcome: SendOutcome,
    details: { clientMsgId?: string; room?: string; attempts?: number; message?: string } = {},
  ) {
    super(code, details.message ?? `send ${outcome}: ${code}`);
    this.outcome = outcome;
    this.clientMsgId = details.clientMsgId;
    this.room = details.room;
    this.attempts = details.attempts ?? 0;
  }
}
