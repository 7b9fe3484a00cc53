import type { PodInfo } from '../env/provider.js';
import type { MetricsSample, Unstamped } from '../history/events.js';
import type { HistorySink } from '../load/history-sink.js';
import { RUNBOOK_METRIC_NAMES } from '../targets/metric-names.js';

/**
 * Reads the first value of each named metric from Prometheus text exposition. Labels are ignored:
 * every metric the harness reads is a single series per pod.
 */
export function parsePrometheusValues(text: string, names: readonly string[]): Map<string, number> {
  const wanted = new Set(names);
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.length === 0) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{[^}]*\})?\s+(\S+)/.exec(line);
    if (!match) continue;
    const [, name, raw] = match;
    if (!wanted.has(name!) || values.has(name!)) continue;
    const value = Number(raw);
    if (Number.isFinite(value)) values.set(name!, value);
  }
  return values;
}

export function sampleFromMetrics(
  pod: string,
  text: string,
  names: Readonly<Record<string, string>> = RUNBOOK_METRIC_NAMES,
): Unstamped<MetricsSample> {
  const series = { ...RUNBOOK_METRIC_NAMES, ...names };
  const v = parsePrometheusValues(text, Object.values(series));
  const num = (field: string) => v.get(series[field]!) ?? null;
  const flag = (field: string) => (v.has(series[field]!) ? v.get(series[field]!) === 1 : null);
  return {
    type: 'metrics.sample',
    pod,
    connections: num('connections'),
    rssBytes: num('rssBytes'),
    heapUsedBytes: num('heapUsedBytes'),
    sessions: num('sessions'),
    redisUp: flag('redisUp'),
    databaseUp: flag('databaseUp'),
    presenceEnabled: flag('presenceEnabled'),
  };
}

/**
 * Scrapes every pod's /metrics directly on an interval, as Prometheus would, and records each
 * scrape. `pods` is read at every tick, so pods added at runtime are scraped too.
 */
export class MetricsScraper {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;

  constructor(
    private readonly pods: readonly PodInfo[],
    private readonly sink: HistorySink,
    private readonly intervalMs: number,
    /** The target's metrics: path and the series of each sample field. */
    private readonly metrics: { path: string; names: Readonly<Record<string, string>> } = {
      path: '/metrics',
      names: RUNBOOK_METRIC_NAMES,
    },
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.scrapeAll(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async scrapeAll(): Promise<void> {
    // A slow pod must not pile scrapes up behind it.
    if (this.inFlight) return;
    this.inFlight = true;
    try {
      await Promise.all(this.pods.map((pod) => this.scrape(pod)));
    } finally {
      this.inFlight = false;
    }
  }

  private async scrape(pod: PodInfo): Promise<void> {
    try {
      const res = await fetch(`${pod.url}${this.metrics.path}`, {
        signal: AbortSignal.timeout(Math.max(1_000, this.intervalMs)),
      });
      if (!res.ok) {
        await res.body?.cancel();
        return;
      }
      this.sink.record(sampleFromMetrics(pod.name, await res.text(), this.metrics.names));
    } catch {
      // A pod that does not answer has no sample; health probes record its unavailability.
    }
  }
}
