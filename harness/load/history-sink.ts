import type { HistoryEvent, Unstamped } from '../history/events.js';

/** Where load and faults append what they observe; the history recorder implements it. */
export interface HistorySink {
  record(event: Unstamped<HistoryEvent>): unknown;
}
