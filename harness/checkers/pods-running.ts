import type { HistoryEvent } from '../history/events.js';
import type { Interval } from '../history/derive.js';

const STOPS = new Set(['killed', 'exited', 'paused']);
const STARTS = new Set(['started', 'ready', 'resumed']);

/**
 * When each pod was running, as the history tells it: the run.start pods from t = 0, others from
 * their first `started`/`ready`; a pod stops at `killed`/`exited`/`paused` and runs again at
 * `started`/`ready`/`resumed`. A crash the harness did not cause leaves no event: the pod still
 * counts as running (and its missing metrics then speak for it).
 */
export function podRunningSpans(history: readonly HistoryEvent[], endT: number): Map<string, Interval[]> {
  const spans = new Map<string, Interval[]>();
  const since = new Map<string, number>();
  for (const e of history) {
    if (e.type === 'run.start') {
      for (const p of e.pods) since.set(p.name, e.t);
    } else if (e.type === 'pod.state') {
      if (STARTS.has(e.state) && !since.has(e.pod)) since.set(e.pod, e.t);
      if (STOPS.has(e.state) && since.has(e.pod)) {
        const list = spans.get(e.pod) ?? [];
        list.push({ start: since.get(e.pod) ?? e.t, end: e.t });
        spans.set(e.pod, list);
        since.delete(e.pod);
      }
    }
  }
  for (const [pod, start] of since) {
    const list = spans.get(pod) ?? [];
    list.push({ start, end: Math.max(start, endT) });
    spans.set(pod, list);
  }
  return spans;
}

/** Whether the pod ran for the whole of [from, to]. */
export function ranThrough(spans: readonly Interval[] | undefined, from: number, to: number): boolean {
  return (spans ?? []).some((s) => s.start <= from && s.end >= to);
}
