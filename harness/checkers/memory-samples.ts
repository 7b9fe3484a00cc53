// What the memory criteria share: the /metrics samples of each pod, split into the spans around a
// connection-churn fault window (before it, its quiet gaps between cycles, after it).
import {
  faultWindows,
  observedEndT,
  phaseStartT,
  samplesByPod,
  type FaultWindow,
  type MetricsSampleEvent,
} from '../history/derive.js';
import type { EventOfType, HistoryEvent } from '../history/events.js';

export const MiB = 1024 * 1024;
export const CHURN_FAULT = 'connection-churn';
export const PRESSURE_FAULT = 'memory-pressure';

export type Sample = MetricsSampleEvent;
export { samplesByPod };

export interface Span {
  startT: number;
  endT: number;
}

export const within = (samples: readonly Sample[], span: Span): Sample[] =>
  samples.filter((s) => s.t >= span.startT && s.t < span.endT);

export function churnWindows(history: readonly HistoryEvent[]): FaultWindow[] {
  return faultWindows(history).filter((w) => w.fault === CHURN_FAULT);
}

/**
 * Before a churn: from the steady state (or the end of the fault before it, if later) to its start,
 * when each pod serves its fleet and nothing else.
 */
export function baselineSpan(history: readonly HistoryEvent[], churn: FaultWindow): Span {
  const steady = phaseStartT(history, 'steady-state') ?? 0;
  const before = faultWindows(history)
    .filter((w) => w.endT <= churn.startT && w.id !== churn.id)
    .map((w) => w.endT);
  return { startT: Math.max(steady, ...before), endT: churn.startT };
}

/**
 * After a churn: from its end (every churn client closed) to the next fault's start, the final sync
 * or the end of observation, whichever comes first.
 */
export function afterSpan(history: readonly HistoryEvent[], churn: FaultWindow): Span {
  const next = faultWindows(history)
    .filter((w) => w.startT >= churn.endT && w.id !== churn.id)
    .map((w) => w.startT);
  const finalSync = phaseStartT(history, 'final-sync') ?? Infinity;
  return { startT: churn.endT, endT: Math.min(observedEndT(history), finalSync, ...next) };
}

/** The churn's quiet gaps: from each cycle's close to the next cycle's opening (or the churn's end). */
export function quietGaps(
  history: readonly HistoryEvent[],
  churn: FaultWindow,
): Array<Span & { cycle: number }> {
  const cycles = history.filter(
    (e): e is EventOfType<'churn.cycle'> =>
      e.type === 'churn.cycle' && e.t >= churn.startT && e.t <= churn.endT,
  );
  const gaps: Array<Span & { cycle: number }> = [];
  for (const [i, e] of cycles.entries()) {
    if (e.state !== 'closed') continue;
    const next = cycles.slice(i + 1).find((c) => c.state === 'opening');
    gaps.push({ cycle: e.cycle, startT: e.t, endT: next?.t ?? churn.endT });
  }
  return gaps;
}

/** Churn connections each pod served during the churn, from the closed cycles' counts. */
export function churnedByPod(history: readonly HistoryEvent[], churn: FaultWindow): Map<string, number> {
  const churned = new Map<string, number>();
  for (const e of history) {
    if (e.type !== 'churn.cycle' || e.state !== 'closed' || e.t < churn.startT || e.t > churn.endT) continue;
    for (const [pod, n] of Object.entries(e.openedByPod)) churned.set(pod, (churned.get(pod) ?? 0) + n);
  }
  return churned;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Least-squares slope of y over x; null with fewer than two distinct x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number | null {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((sum, [x]) => sum + x, 0) / n;
  const my = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
  }
  return sxx === 0 ? null : sxy / sxx;
}

export const mib = (bytes: number): number => Math.round((bytes / MiB) * 10) / 10;

/** The values of one field over the samples, skipping pods that do not export it. */
export function values(
  samples: readonly Sample[],
  field: 'rssBytes' | 'heapUsedBytes' | 'connections' | 'sessions',
): number[] {
  return samples.map((s) => s[field]).filter((v): v is number => v !== null);
}
