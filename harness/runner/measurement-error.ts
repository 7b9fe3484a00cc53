import type { HistoryEvent } from '../history/events.js';

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
  const delivery =
    clock.databaseOffsetMs === null || clock.databaseRttMs === null
      ? null
      : Math.abs(clock.databaseOffsetMs) + clock.databaseRttMs / 2 + clock.loopDelayMaxMs;
  return {
    reconnectMs: clock.loopDelayMaxMs,
    deliveryMs: delivery === null ? null : Math.round(delivery * 10) / 10,
    loopDelayP99Ms: clock.loopDelayP99Ms,
    loopDelayMaxMs: clock.loopDelayMaxMs,
    databaseOffsetMs: clock.databaseOffsetMs,
    databaseRttMs: clock.databaseRttMs,
  };
}
