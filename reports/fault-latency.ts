// The latency-against-injected-delay table that report.md and report.html both show.
import type { FaultLatencySeries, FaultLatencyWindow, LatencyStats } from '../harness/runner/result.js';
import { NOT_MEASURED, formatNumber, formatT } from './format.js';

export const FAULT_LATENCY_HEADER = [
  'Window',
  'Links',
  'Injected (each way)',
  'Delivery p50',
  'Delivery p99',
  'Send→ack p50',
  'Send→ack p99',
  'Deliveries / acks',
];

/** "pod-a->postgres, pod-b->postgres" → "pod-*->postgres (2 links)"; other lists as they are. */
export function targetsLabel(targets: readonly string[]): string {
  const parts = targets.map((t) => t.split('->'));
  if (targets.length > 1 && parts.every((p) => p.length === 2)) {
    const [from, to] = [new Set(parts.map((p) => p[0])), new Set(parts.map((p) => p[1]))];
    if (to.size === 1) return `*->${[...to][0]} (${targets.length} links)`;
    if (from.size === 1) return `${[...from][0]}->* (${targets.length} links)`;
  }
  return targets.join(', ');
}

/** The delay a window injected on each direction of its links, e.g. "200 ± 50 ms". */
export function injectedLabel(w: Pick<FaultLatencyWindow, 'latencyMs' | 'jitterMs'>): string {
  const jitter = w.jitterMs > 0 ? ` ± ${formatNumber(w.jitterMs)}` : '';
  return `${formatNumber(w.latencyMs)}${jitter} ms`;
}

/** "link-latency-1 (t+7.4–10.8 s)": the window and when it lasted, in harness seconds. */
function spanLabel(w: FaultLatencyWindow): string {
  const s = (ms: number) => (ms / 1000).toFixed(1);
  return `${w.id} (t+${s(w.startT)}–${w.endT === null ? 'not healed' : `${s(w.endT)} s`})`;
}

/** A short name for a window on a chart axis: its targets (or fault) and start time. */
export function windowLabel(w: FaultLatencyWindow): string {
  return `${targetsLabel(w.targets) || w.fault} @ ${formatT(w.startT)}`;
}

const ms = (v: number | null) => (v === null ? NOT_MEASURED : `${formatNumber(v)} ms`);

function statCells(delivery: LatencyStats, sendAck: LatencyStats): string[] {
  return [
    ms(delivery.p50),
    ms(delivery.p99),
    ms(sendAck.p50),
    ms(sendAck.p99),
    `${delivery.count} / ${sendAck.count}`,
  ];
}

/** Rows of plain text (the caller escapes them): the baseline first, then each window. */
export function faultLatencyRows(series: FaultLatencySeries): string[][] {
  return [
    ['baseline (no fault)', '—', 'none', ...statCells(series.baseline.delivery, series.baseline.sendAck)],
    ...series.windows.map((w) => [
      spanLabel(w),
      targetsLabel(w.targets),
      injectedLabel(w),
      ...statCells(w.delivery, w.sendAck),
    ]),
  ];
}
