import type { ErrorBody, ErrorCode } from '../protocol.js';

/** An error meant for the client: it becomes `{ok: false, error}` in the ack. */
export class ClientError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly retryable = false,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }

  toBody(): ErrorBody {
    return {
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      ...(this.retryAfterMs === undefined ? {} : { retryAfterMs: this.retryAfterMs }),
    };
  }
}

export const unavailable = (what: string) =>
  new ClientError('unavailable', `${what} is unavailable, retry later`, true, 500);
