// The data the report page's charts draw, derived from a RunResult: times in harness seconds.
import type { RunResult } from '../harness/runner/result.js';
import { injectedLabel, windowLabel } from './fault-latency.js';
import { formatNumber } from './format.js';
import { histogram, percentile } from './histogram.js';

export interface FaultBand {
  label: string;
  /** harness seconds since run start */
  start: number;
  /** null while the fault was never healed: the band runs to the end of the chart */
  end: number | null;
}

export interface ReconnectStats {
  n: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface ChartData {
  timeScale: number;
  /** run length in harness seconds */
  endS: number;
  faults: FaultBand[];
  connections: { t: number[]; pods: Array<{ name: string; label: string; values: Array<number | null> }> };
  reconnect: { labels: string[]; counts: number[]; unit: 's' | 'ms'; stats: ReconnectStats };
  latency: { t: number[]; p50: Array<number | null>; p99: Array<number | null> };
  /** Latency against the injected delay, one category per latency window after the baseline; null without latency faults. */
  faultLatency: FaultLatencyChart | null;
}

export interface FaultLatencyChart {
  labels: string[];
  /** latency − jitter .. latency + jitter per category (null for the baseline) */
  injected: Array<[number, number] | null>;
  injectedText: Array<string | null>;
  deliveryP50: Array<number | null>;
  deliveryP99: Array<number | null>;
  ackP50: Array<number | null>;
  ackP99: Array<number | null>;
}

function faultLatencyChart(series: RunResult['charts']['faultLatency']): FaultLatencyChart | null {
  if (series === undefined || series.windows.length === 0) return null;
  const rows = [
    { label: 'baseline', window: null, ...series.baseline },
    ...series.windows.map((w) => ({
      label: windowLabel(w),
      window: w,
      delivery: w.delivery,
      sendAck: w.sendAck,
    })),
  ];
  return {
    labels: rows.map((r) => r.label),
    injected: rows.map((r) =>
      r.window === null
        ? null
        : [Math.max(0, r.window.latencyMs - r.window.jitterMs), r.window.latencyMs + r.window.jitterMs],
    ),
    injectedText: rows.map((r) => (r.window === null ? null : injectedLabel(r.window))),
    deliveryP50: rows.map((r) => r.delivery.p50),
    deliveryP99: rows.map((r) => r.delivery.p99),
    ackP50: rows.map((r) => r.sendAck.p50),
    ackP99: rows.map((r) => r.sendAck.p99),
  };
}

const toS = (ms: number): number => ms / 1000;

/** Aligns a series to its time axis: missing points become gaps (null), not zeros. */
function aligned(values: readonly number[], length: number): Array<number | null> {
  return Array.from({ length }, (_, i) => {
    const v = values[i];
    return v === undefined || !Number.isFinite(v) ? null : v;
  });
}

function reconnectHistogram(samplesMs: readonly number[]): ChartData['reconnect'] {
  const h = histogram(samplesMs);
  const unit = h.binWidth >= 100 ? 's' : 'ms';
  const show = (ms: number): string => formatNumber(unit === 's' ? ms / 1000 : ms);
  const labels = h.counts.map((_, i) => {
    const from = h.start + i * h.binWidth;
    return `${show(from)}–${show(from + h.binWidth)}`;
  });
  const stats: ReconnectStats = {
    n: samplesMs.filter((s) => Number.isFinite(s)).length,
    p50: percentile(samplesMs, 50),
    p95: percentile(samplesMs, 95),
    p99: percentile(samplesMs, 99),
    max: percentile(samplesMs, 100),
  };
  return { labels, counts: h.counts, unit, stats };
}

export function chartData(result: RunResult): ChartData {
  const { connections, deliveryLatency } = result.charts;
  const lastT = Math.max(
    result.durationMs,
    connections.t.at(-1) ?? 0,
    deliveryLatency.t.at(-1) ?? 0,
    ...result.faults.map((f) => f.endT ?? f.startT),
  );
  const zoneOf = new Map(result.pods.map((p) => [p.name, p.zone]));
  return {
    timeScale: result.timeScale,
    endS: toS(lastT),
    faults: result.faults.map((f) => ({
      label: `${f.fault}: ${f.targets.join(', ')}`,
      start: toS(f.startT),
      end: f.endT === null ? null : toS(f.endT),
    })),
    connections: {
      t: connections.t.map(toS),
      pods: Object.entries(connections.pods).map(([name, values]) => {
        const zone = zoneOf.get(name);
        return {
          name,
          label: zone === undefined ? name : `${name} (zone ${zone})`,
          values: aligned(values, connections.t.length),
        };
      }),
    },
    reconnect: reconnectHistogram(result.charts.reconnectMs),
    latency: {
      t: deliveryLatency.t.map(toS),
      p50: aligned(deliveryLatency.p50, deliveryLatency.t.length),
      p99: aligned(deliveryLatency.p99, deliveryLatency.t.length),
    },
    faultLatency: faultLatencyChart(result.charts.faultLatency),
  };
}
