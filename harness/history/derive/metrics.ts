import type { EventOfType, HistoryEvent } from '../events.js';

export type MetricsSampleEvent = EventOfType<'metrics.sample'>;

/** Each pod's /metrics samples, in time order. */
export function samplesByPod(history: readonly HistoryEvent[]): Map<string, MetricsSampleEvent[]> {
  const byPod = new Map<string, MetricsSampleEvent[]>();
  for (const e of history) {
    if (e.type !== 'metrics.sample') continue;
    const list = byPod.get(e.pod);
    if (list === undefined) byPod.set(e.pod, [e]);
    else list.push(e);
  }
  return byPod;
}
