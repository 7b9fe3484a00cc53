import { faultWindows, type FaultWindow } from '../history/derive.js';
import type { HistoryEvent } from '../history/events.js';

/** Runbook seconds after a procedure's window during which its after-effects still count. */
export const PROCEDURE_RECOVERY_SECONDS = 30;

/** Windows of the given faults, or of every fault when none is named. */
export function windowsOf(history: readonly HistoryEvent[], faults?: readonly string[]): FaultWindow[] {
  return faultWindows(history).filter((w) => faults === undefined || faults.includes(w.fault));
}
