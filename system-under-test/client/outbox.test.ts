import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ErrorBody, SendRequest } from '../protocol.js';
import { SendError } from './errors.js';
import { Outbox, type AttemptOutcome, type OutboxObserver, type OutboxTransport } from './outbox.js';
import { TimerSet } from './timers.js';

/** A fake transport: every attempt waits until the test answers it. */
class FakeTransport implements OutboxTransport {
  connected = true;
  readonly attempts: Array<{ request: SendRequest; answer: (outcome: AttemptOutcome) => void }> = [];

  canSend(): boolean {
    return this.connected;
  }

  attempt(request: SendRequest): Promise<AttemptOutcome> {
    return new Promise((answer) => this.attempts.push({ request, answer }));
  }

  answer(index: number, outcome: AttemptOutcome): void {
    const attempt = this.attempts[index];
    if (attempt === undefined) throw new Error(`no attempt #${index}`);
    attempt.answer(outcome);
  }
}

const acked = (seq: number, duplicate = false): AttemptOutcome => ({
  kind: 'reply',
  reply: { ok: true, seq, duplicate },
});
const refused = (error: ErrorBody): AttemptOutcome => ({ kind: 'reply', reply: { ok: false, error } });

function setup(overrides: { maxInFlight?: number; sendTimeoutMs?: number } = {}) {
  const transport = new FakeTransport();
  const timers = new TimerSet();
  const events: string[] = [];
  const observer: OutboxObserver = {
    attempt: ({ clientMsgId, attempt }) => events.push(`attempt ${clientMsgId} #${attempt}`),
    acked: ({ clientMsgId, seq }) => events.push(`acked ${clientMsgId} ${seq}`),
    failed: ({ clientMsgId, code, outcome }) => events.push(`failed ${clientMsgId} ${code} ${outcome}`),
  };
  const outbox = new Outbox(
    transport,
    {
      maxInFlight: overrides.maxInFlight ?? 16,
      sendTimeoutMs: overrides.sendTimeoutMs ?? 30_000,
      backoff: { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 },
      random: () => 0.5,
      timers,
    },
    observer,
  );
  const send = (id: string) => outbox.send({ room: 'r', clientMsgId: id, body: id });
  return { transport, timers, events, outbox, send };
}

describe('Outbox (fake transport, fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resolves with the ack, attempts and latency', async () => {
    const { transport, send, timers } = setup();
    const result = send('a');
    await vi.advanceTimersByTimeAsync(40);
    transport.answer(0, acked(7));
    await expect(result).resolves.toEqual({
      clientMsgId: 'a',
      seq: 7,
      attempts: 1,
      duplicate: false,
      latencyMs: 40,
    });
    expect(timers.size).toBe(0);
  });

  it('retries an ack timeout with backoff, keeping the clientMsgId', async () => {
    const { transport, send, events } = setup();
    const result = send('a');
    transport.answer(0, { kind: 'lost', reason: 'timeout' });
    await vi.advanceTimersByTimeAsync(99);
    expect(transport.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(transport.attempts).toHaveLength(2);
    expect(transport.attempts[1]?.request.clientMsgId).toBe('a');
    transport.answer(1, acked(3, true));
    await expect(result).resolves.toMatchObject({ seq: 3, attempts: 2, duplicate: true });
    expect(events).toEqual(['attempt a #1', 'attempt a #2', 'acked a 3']);
  });

  it('honours retryAfterMs of a retryable error when it exceeds the backoff', async () => {
    const { transport, send } = setup();
    const result = send('a');
    transport.answer(
      0,
      refused({ code: 'unavailable', message: 'db down', retryable: true, retryAfterMs: 2500 }),
    );
    await vi.advanceTimersByTimeAsync(2499);
    expect(transport.attempts).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    transport.answer(1, acked(1));
    await expect(result).resolves.toMatchObject({ seq: 1, attempts: 2 });
  });

  it('fails at once on a non-retryable error', async () => {
    const { transport, send, events } = setup();
    const result = send('a');
    transport.answer(0, refused({ code: 'payload_too_large', message: 'too big', retryable: false }));
    const error = await result.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendError);
    expect(error).toMatchObject({
      code: 'payload_too_large',
      outcome: 'fail',
      attempts: 1,
      clientMsgId: 'a',
    });
    expect(events).toContain('failed a payload_too_large fail');
  });

  it('waits for the connection after a disconnect and retries on wake', async () => {
    const { transport, send, outbox } = setup();
    const result = send('a');
    transport.connected = false;
    transport.answer(0, { kind: 'lost', reason: 'disconnected' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(transport.attempts).toHaveLength(1);
    transport.connected = true;
    outbox.wake();
    expect(transport.attempts).toHaveLength(2);
    transport.answer(1, acked(9));
    await expect(result).resolves.toMatchObject({ seq: 9, attempts: 2 });
  });

  it('keeps at most maxInFlight in flight and starts the queued ones in order', async () => {
    const { transport, send, outbox } = setup({ maxInFlight: 2 });
    const results = ['a', 'b', 'c', 'd'].map(send);
    expect(transport.attempts.map((attempt) => attempt.request.clientMsgId)).toEqual(['a', 'b']);
    expect(outbox.inFlight).toBe(2);
    expect(outbox.pending).toBe(4);
    transport.answer(1, acked(1));
    await vi.advanceTimersByTimeAsync(0);
    expect(transport.attempts.map((attempt) => attempt.request.clientMsgId)).toEqual(['a', 'b', 'c']);
    transport.answer(0, acked(2));
    transport.answer(2, acked(3));
    await vi.advanceTimersByTimeAsync(0);
    transport.answer(3, acked(4));
    await expect(Promise.all(results)).resolves.toHaveLength(4);
    expect(outbox.pending).toBe(0);
  });

  it('counts a send backing off as in flight', async () => {
    const { transport, send } = setup({ maxInFlight: 1 });
    void send('a');
    void send('b');
    transport.answer(0, { kind: 'lost', reason: 'timeout' });
    await vi.advanceTimersByTimeAsync(50);
    expect(transport.attempts.map((attempt) => attempt.request.clientMsgId)).toEqual(['a']);
  });

  it('gives up after sendTimeoutMs with outcome unknown once an attempt went out', async () => {
    const { transport, send, timers } = setup({ sendTimeoutMs: 1000 });
    const result = send('a');
    const settled = result.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settled).toMatchObject({ code: 'timeout', outcome: 'unknown', attempts: 1 });
    transport.answer(0, acked(5));
    await vi.advanceTimersByTimeAsync(0);
    expect(timers.size).toBe(0);
  });

  it('reports outcome fail for a send that never went out', async () => {
    const { transport, send } = setup({ sendTimeoutMs: 1000 });
    transport.connected = false;
    const settled = send('a').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1000);
    expect(await settled).toMatchObject({ code: 'timeout', outcome: 'fail', attempts: 0 });
  });

  it('failAll rejects everything without starting queued sends', async () => {
    const { transport, send, outbox, timers } = setup({ maxInFlight: 1 });
    const first = send('a').catch((e: unknown) => e);
    const second = send('b').catch((e: unknown) => e);
    outbox.failAll('closed');
    expect(await first).toMatchObject({ code: 'closed', outcome: 'unknown' });
    expect(await second).toMatchObject({ code: 'closed', outcome: 'fail' });
    expect(transport.attempts).toHaveLength(1);
    expect(outbox.pending).toBe(0);
    expect(timers.size).toBe(0);
  });
});
