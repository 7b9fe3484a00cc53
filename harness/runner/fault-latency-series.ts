import { RECOVERY_RUNBOOK_SECONDS } from '../checkers/steady-state-churn.js';
import { faultWindows, insideAnyWindow, percentile, runStart } from '../history/derive.js';
import type { HistoryEvent } from '../history/events.js';
import type { FaultLatencySeries, LatencyStats } from './result.js';

function numberParam(params: Record<string, unknown> | undefined, key: string): number | undefined {
  const value = params?.[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function stats(values: readonly number[]): LatencyStats {
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return { count: values.length, p50: round(percentile(values, 50)), p99: round(percentile(values, 99)) };
}

/**
 * Latency against the injected delay, from the history alone: for every fault window whose
 * fault.start params carry `latencyMs`, the delivery (commit → delivery) and send-ack p50/p99 inside
 * it, next to a baseline outside every fault window and its 30 s × timeScale recovery (the spans
 * fault-delivery-latency judges). Undefined when no fault injected latency.
 */
export function faultLatencySeries(history: readonly HistoryEvent[]): FaultLatencySeries | undefined {
  const all = faultWindows(history);
  const delayed = all.flatMap((w) => {
    const latencyMs = numberParam(w.params, 'latencyMs');
    if (latencyMs === undefined) return [];
    return [{ w, latencyMs, jitterMs: numberParam(w.params, 'jitterMs') ?? 0 }];
  });
  if (delayed.length === 0) return undefined;

  const start = runStart(history);
  const wallClockAt0 = start?.wallClockAt0 ?? 0;
  const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * (start?.timeScale ?? 1);
  const inWindow = delayed.map(() => ({ delivery: [] as number[], sendAck: [] as number[] }));
  const baseline = { delivery: [] as number[], sendAck: [] as number[] };
  for (const e of history) {
    if (e.type !== 'deliver' && e.type !== 'send.ok') continue;
    const kind = e.type === 'deliver' ? 'delivery' : 'sendAck';
    const ms = e.type === 'deliver' ? wallClockAt0 + e.t - e.committedAt : e.latencyMs;
    delayed.forEach(({ w }, i) => {
      if (e.t >= w.startT && e.t <= w.endT) inWindow[i]![kind].push(ms);
    });
    if (!insideAnyWindow(all, e.t, recoveryMs)) baseline[kind].push(ms);
  }
  return {
    baseline: { delivery: stats(baseline.delivery), sendAck: stats(baseline.sendAck) },
    windows: delayed.map(({ w, latencyMs, jitterMs }, i) => ({
      id: w.id,
      fault: w.fault,
      targets: w.targets.map((t) => t.name),
      startT: w.startT,
      endT: w.open ? null : w.endT,
      latencyMs,
      jitterMs,
      delivery: stats(inWindow[i]!.delivery),
      sendAck: stats(inWindow[i]!.sendAck),
    })),
  };
}
