import type { FaultTarget, HistoryEvent } from '../events.js';
import { runEndT } from './run.js';

export interface FaultWindow {
  id: string;
  fault: string;
  targets: FaultTarget[];
  affectedPods: string[];
  params: Record<string, unknown> | undefined;
  startT: number;
  /** fault.end's t; the run's end for a fault that never ended (`open`). */
  endT: number;
  open: boolean;
}

/** fault.start/fault.end pairs by id, in start order. An end without a start is ignored. */
export function faultWindows(history: readonly HistoryEvent[]): FaultWindow[] {
  const windows: FaultWindow[] = [];
  const open = new Map<string, FaultWindow>();
  for (const e of history) {
    if (e.type === 'fault.start') {
      const window: FaultWindow = {
        id: e.id,
        fault: e.fault,
        targets: e.targets,
        affectedPods: e.affectedPods,
        params: e.params,
        startT: e.t,
        endT: e.t,
        open: true,
      };
      windows.push(window);
      open.set(e.id, window);
    } else if (e.type === 'fault.end') {
      const window = open.get(e.id);
      if (window === undefined) continue;
      window.endT = e.t;
      window.open = false;
      open.delete(e.id);
    }
  }
  const end = runEndT(history);
  for (const window of open.values()) window.endT = Math.max(window.startT, end);
  return windows;
}

/** Whether t lies in [start, end + padAfterMs] of any window. */
export function insideAnyWindow(windows: readonly FaultWindow[], t: number, padAfterMs = 0): boolean {
  return windows.some((w) => t >= w.startT && t <= w.endT + padAfterMs);
}
