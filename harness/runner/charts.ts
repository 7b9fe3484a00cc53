import type { HistoryEvent } from '../history/events.js';
import { faultLatencySeries } from './fault-latency-series.js';
import type { RunResult } from './result.js';

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The report's series, derived from the history alone (so `drill report` can redraw them). */
export function chartSeries(history: readonly HistoryEvent[], pods: readonly string[]): RunResult['charts'] {
  const start = history.find((e) => e.type === 'run.start');
  const wallClockAt0 = start?.type === 'run.start' ? start.wallClockAt0 : 0;
  const endT = history.at(-1)?.t ?? 0;
  const bucketMs = Math.max(100, Math.ceil(endT / 300 / 100) * 100);

  const podOf = new Map<string, string>();
  const counts: Record<string, number> = Object.fromEntries(pods.map((p) => [p, 0]));
  const connections = { t: [] as number[], pods: Object.fromEntries(pods.map((p) => [p, [] as number[]])) };
  const detach = (client: string) => {
    const pod = podOf.get(client);
    if (pod !== undefined) counts[pod] = (counts[pod] ?? 1) - 1;
    podOf.delete(client);
  };

  const reconnectMs: number[] = [];
  const downSince = new Map<string, number>();
  const latencyBuckets = new Map<number, number[]>();

  let nextSample = 0;
  const sampleUntil = (t: number) => {
    while (nextSample <= t) {
      connections.t.push(nextSample);
      for (const p of Object.keys(connections.pods)) connections.pods[p]!.push(counts[p] ?? 0);
      nextSample += bucketMs;
    }
  };

  for (const e of history) {
    sampleUntil(e.t - 1);
    switch (e.type) {
      case 'client.attach':
        detach(e.client);
        podOf.set(e.client, e.pod);
        counts[e.pod] = (counts[e.pod] ?? 0) + 1;
        connections.pods[e.pod] ??= connections.t.map(() => 0);
        break;
      case 'client.disconnect':
        detach(e.client);
        if (!e.planned) downSince.set(e.client, e.t);
        break;
      case 'client.closed':
        detach(e.client);
        downSince.delete(e.client);
        break;
      case 'client.resumed': {
        const since = downSince.get(e.client);
        if (since !== undefined) {
          reconnectMs.push(Math.round(e.t - since));
          downSince.delete(e.client);
        }
        break;
      }
      case 'deliver': {
        const bucket = Math.floor(e.t / bucketMs) * bucketMs;
        const list = latencyBuckets.get(bucket) ?? [];
        list.push(wallClockAt0 + e.t - e.committedAt);
        latencyBuckets.set(bucket, list);
        break;
      }
    }
  }
  sampleUntil(endT);

  const deliveryLatency = { t: [] as number[], p50: [] as number[], p99: [] as number[] };
  for (const [t, values] of [...latencyBuckets].sort((a, b) => a[0] - b[0])) {
    values.sort((a, b) => a - b);
    deliveryLatency.t.push(t);
    deliveryLatency.p50.push(Math.round(quantile(values, 0.5)));
    deliveryLatency.p99.push(Math.round(quantile(values, 0.99)));
  }
  const faultLatency = faultLatencySeries(history);
  return { connections, reconnectMs, deliveryLatency, ...(faultLatency ? { faultLatency } : {}) };
}
