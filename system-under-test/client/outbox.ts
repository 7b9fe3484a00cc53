import type { SendReply, SendRequest } from '../protocol.js';
import { backoffDelay, type BackoffOptions } from './backoff.js';
import { SendError, type DrillErrorCode, type SendOutcome } from './errors.js';
import type { CancelTimer, TimerSet } from './timers.js';

export interface SendResult {
  clientMsgId: string;
  seq: number;
  /** Attempts transmitted, including the acked one. */
  attempts: number;
  /** The server had already committed this clientMsgId (an earlier attempt got through). */
  duplicate: boolean;
  /** From send() to the ack. */
  latencyMs: number;
}

/** What became of one attempt. `lost` means no reply: it may or may not have reached the server. */
export type AttemptOutcome =
  | { kind: 'reply'; reply: SendReply }
  | { kind: 'lost'; reason: 'timeout' | 'disconnected' };

export interface OutboxTransport {
  /** Whether an attempt for `room` can go out now (connected, and the room joined if the client tracks it). */
  canSend(room: string): boolean;
  /** One attempt. Should not reject; a rejection counts as `lost: disconnected`. */
  attempt(request: SendRequest): Promise<AttemptOutcome>;
}

export interface OutboxObserver {
  attempt(info: { clientMsgId: string; room: string; attempt: number }): void;
  acked(info: SendResult & { room: string }): void;
  failed(info: { clientMsgId: string; room: string; code: DrillErrorCode; outcome: SendOutcome }): void;
}

export interface OutboxOptions {
  maxInFlight: number;
  sendTimeoutMs: number;
  backoff: BackoffOptions;
  random: () => number;
  timers: TimerSet;
  now?: () => number;
}

type Phase = 'queued' | 'waiting' | 'sending' | 'backoff';

interface Entry {
  readonly request: SendRequest;
  readonly startedAt: number;
  attempts: number;
  phase: Phase;
  cancelDeadline: CancelTimer;
  cancelRetry: CancelTimer | null;
  resolve(result: SendResult): void;
  reject(error: SendError): void;
}

/**
 * Pending sends. Each is retried with the same clientMsgId (the server deduplicates) until acked, failed
 * for good, or out of time. At most `maxInFlight` hold a slot (sending, backing off or waiting for the
 * connection); the rest wait in order.
 */
export class Outbox {
  private readonly queue: Entry[] = [];
  private readonly active = new Set<Entry>();
  private readonly now: () => number;
  private failingAll = false;

  constructor(
    private readonly transport: OutboxTransport,
    private readonly options: OutboxOptions,
    private readonly observer: OutboxObserver,
  ) {
    this.now = options.now ?? Date.now;
  }

  get pending(): number {
    return this.queue.length + this.active.size;
  }

  get inFlight(): number {
    return this.active.size;
  }

  send(request: SendRequest): Promise<SendResult> {
    return new Promise<SendResult>((resolve, reject) => {
      const entry: Entry = {
        request,
        startedAt: this.now(),
        attempts: 0,
        phase: 'queued',
        cancelDeadline: () => {},
        cancelRetry: null,
        resolve,
        reject,
      };
      entry.cancelDeadline = this.options.timers.after(this.options.sendTimeoutMs, () =>
        this.fail(entry, 'timeout', outcomeOf(entry)),
      );
      this.queue.push(entry);
      this.promote();
    });
  }

  /** The connection (or a room) became usable: start the attempts that were waiting for it. */
  wake(): void {
    for (const entry of [...this.active]) {
      if (entry.phase === 'waiting') this.tryAttempt(entry);
    }
  }

  /** Rejects everything pending: `unknown` for sends that went out at least once, `fail` for the others. */
  failAll(code: DrillErrorCode): void {
    this.failingAll = true;
    try {
      for (const entry of [...this.active, ...this.queue]) this.fail(entry, code, outcomeOf(entry));
    } finally {
      this.failingAll = false;
    }
  }

  private promote(): void {
    if (this.failingAll) return;
    while (this.active.size < this.options.maxInFlight) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.active.add(next);
      this.tryAttempt(next);
    }
  }

  private tryAttempt(entry: Entry): void {
    if (!this.active.has(entry)) return;
    if (!this.transport.canSend(entry.request.room)) {
      entry.phase = 'waiting';
      return;
    }
    entry.phase = 'sending';
    entry.attempts += 1;
    const { clientMsgId, room } = entry.request;
    this.observer.attempt({ clientMsgId, room, attempt: entry.attempts });
    let attempt: Promise<AttemptOutcome>;
    try {
      attempt = this.transport.attempt(entry.request);
    } catch {
      attempt = Promise.resolve({ kind: 'lost', reason: 'disconnected' });
    }
    attempt.then(
      (outcome) => this.onOutcome(entry, outcome),
      () => this.onOutcome(entry, { kind: 'lost', reason: 'disconnected' }),
    );
  }

  private onOutcome(entry: Entry, outcome: AttemptOutcome): void {
    if (!this.active.has(entry) || entry.phase !== 'sending') return;
    if (outcome.kind === 'lost') {
      // A lost connection is retried as soon as there is a new one (the reconnect loop already backs off).
      if (outcome.reason === 'disconnected') this.tryAttempt(entry);
      else this.retryLater(entry, 0);
      return;
    }
    const reply = outcome.reply;
    if (reply.ok) {
      this.settle(entry);
      const result: SendResult = {
        clientMsgId: entry.request.clientMsgId,
        seq: reply.seq,
        attempts: entry.attempts,
        duplicate: reply.duplicate,
        latencyMs: this.now() - entry.startedAt,
      };
      this.observer.acked({ ...result, room: entry.request.room });
      entry.resolve(result);
      this.promote();
      return;
    }
    if (reply.error.retryable) this.retryLater(entry, reply.error.retryAfterMs ?? 0);
    else this.fail(entry, reply.error.code, 'fail');
  }

  private retryLater(entry: Entry, minDelayMs: number): void {
    entry.phase = 'backoff';
    const delay = Math.max(
      minDelayMs,
      backoffDelay(entry.attempts - 1, this.options.backoff, this.options.random),
    );
    entry.cancelRetry = this.options.timers.after(delay, () => {
      entry.cancelRetry = null;
      this.tryAttempt(entry);
    });
  }

  private fail(entry: Entry, code: DrillErrorCode, outcome: SendOutcome): void {
    if (!this.settle(entry)) return;
    const { clientMsgId, room } = entry.request;
    this.observer.failed({ clientMsgId, room, code, outcome });
    entry.reject(new SendError(code, outcome, { clientMsgId, room, attempts: entry.attempts }));
    this.promote();
  }

  /** Removes the entry and stops its timers (the caller promotes the next one); false if already settled. */
  private settle(entry: Entry): boolean {
    const wasActive = this.active.delete(entry);
    const queuedAt = wasActive ? -1 : this.queue.indexOf(entry);
    if (queuedAt >= 0) this.queue.splice(queuedAt, 1);
    if (!wasActive && queuedAt < 0) return false;
    entry.cancelDeadline();
    entry.cancelRetry?.();
    entry.cancelRetry = null;
    return true;
  }
}

function outcomeOf(entry: Entry): SendOutcome {
  return entry.attempts > 0 ? 'unknown' : 'fail';
}
