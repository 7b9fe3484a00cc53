import type { HistoryEvent } from '../events.js';
import { sampleOverlaps } from './harness-health.js';

/** How far the run's time measurements can be off, from its harness.clock record. */
export interface MeasurementError {
  /**
   * Bound on the error of a duration between two harness timestamps (reconnect time, detection
   * time, outage): each stamp may be late by up to the event loop's worst lateness.
   */
  reconnectMs: number;
  /**
   * Bound on the error of a delivery latency (database commit → harness receive): the database
   * clock's offset, ± half the round trip it was measured with, plus the loop's lateness.
   * Null when the offset could not be measured.
   */
  deliveryMs: number | null;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  databaseOffsetMs: number | null;
  databaseRttMs: number | null;
}

export function measurementError(history: readonly HistoryEvent[]): MeasurementError | null {
  const clock = history.findLast((e) => e.type === 'harness.clock');
  if (clock?.type !== 'harness.clock') return null;
  return {
    reconnectMs: clock.loopDelayMaxMs,
    deliveryMs: timingMargin(history, 'delivery')?.marginMs ?? null,
    loopDelayP99Ms: clock.loopDelayP99Ms,
    loopDelayMaxMs: clock.loopDelayMaxMs,
    databaseOffsetMs: clock.databaseOffsetMs,
    databaseRttMs: clock.databaseRttMs,
  };
}

/** A span of the run (harness ms) whose timestamps a measured value was made of. */
export interface TimeSpan {
  fromT: number;
  toT: number;
}

/** How far a duration of `kind` measured over a span could be off, and why. */
export interface TimingMargin {
  marginMs: number;
  /** The event loop's worst lateness that bounds it. */
  loopLateMs: number;
  /** For delivery latency: |database clock offset| + rtt/2. */
  clockOffsetMs?: number;
  /** Whether the lateness is the span's own (sampled during it) or the whole run's. */
  scope: 'span' | 'run';
}

/**
 * The error bar of a duration the harness measured. Each of its two timestamps may be late by up
 * to the event loop's worst lateness, so a duration is known within ± that lateness; a delivery
 * latency compares a database commit time with a harness receive time and adds the database
 * clock's offset (± half its round trip). The lateness is the worst sampled during `span` when the
 * run sampled its own load (harness.load), else the whole run's (harness.clock). Null when the
 * history recorded neither, or (delivery) the database clock could not be read.
 */
export function timingMargin(
  history: readonly HistoryEvent[],
  kind: 'harness' | 'delivery',
  span?: TimeSpan,
): TimingMargin | null {
  const clock = history.findLast((e) => e.type === 'harness.clock');
  const sampled = span === undefined ? null : sampledLateness(history, span);
  const loopLateMs = sampled ?? (clock?.type === 'harness.clock' ? clock.loopDelayMaxMs : null);
  if (loopLateMs === null) return null;
  const scope = sampled === null ? 'run' : 'span';
  if (kind === 'harness') return { marginMs: loopLateMs, loopLateMs, scope };
  if (clock?.type !== 'harness.clock' || clock.databaseOffsetMs === null || clock.databaseRttMs === null)
    return null;
  const clockOffsetMs = Math.abs(clock.databaseOffsetMs) + clock.databaseRttMs / 2;
  return {
    marginMs: round1(clockOffsetMs + loopLateMs),
    loopLateMs,
    clockOffsetMs: round1(clockOffsetMs),
    scope,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The worst event-loop lateness of the harness.load samples whose interval overlaps the span; null without any. */
function sampledLateness(history: readonly HistoryEvent[], span: TimeSpan): number | null {
  let worst: number | null = null;
  for (const e of history) {
    if (e.type !== 'harness.load' || !sampleOverlaps(e, span.fromT, span.toT)) continue;
    worst = Math.max(worst ?? 0, e.loopLateMaxMs);
  }
  return worst;
}
