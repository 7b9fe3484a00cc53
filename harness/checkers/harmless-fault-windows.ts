import { faultWindows, mergeIntervals, type FaultWindow, type Interval } from '../history/derive.js';
import type { HistoryEvent } from '../history/events.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/**
 * Windows of faults that expect to disturb no client (fault.start's affectedPods is empty: link
 * latency, load-balancer misconfigurations). Inside them a disconnect is not the fault's expected
 * effect but a finding, although steady-state churn and the reason shares leave fault windows out.
 */
export function harmlessFaultWindows(history: readonly HistoryEvent[]): FaultWindow[] {
  return faultWindows(history).filter((w) => w.affectedPods.length === 0);
}

/** Each harmless window padded with the recovery allowance steady-state churn leaves out after it. */
export function harmlessIntervals(history: readonly HistoryEvent[], timeScale: number): Interval[] {
  const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * timeScale;
  return mergeIntervals(
    harmlessFaultWindows(history).map((w) => ({ start: w.startT, end: w.endT + recoveryMs })),
  );
}

/** The window (unpadded first, else padded) that contains t. */
export function windowAt(
  windows: readonly FaultWindow[],
  t: number,
  padAfterMs: number,
): FaultWindow | undefined {
  return (
    windows.find((w) => t >= w.startT && t <= w.endT) ??
    windows.find((w) => t >= w.startT && t <= w.endT + padAfterMs)
  );
}
