import { distribution, faultWindows, insideAnyWindow, runStart } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/** The injected delay a fault.start's params declare (latencyMs), if any. */
function injectedMs(params: Record<string, unknown> | undefined): number | undefined {
  const value = params?.latencyMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * Delivery latency (wall-clock delivery time − the message's commit time, as delivery-latency) per
 * fault window [fault.start, fault.end], so each window can be read against the delay it injected.
 * Value: the worst window's p99 in ms. details per window `<id>.p50`, `<id>.p99`, `<id>.count`,
 * `<id>.injectedMs` (fault.start params.latencyMs) and `<id>.addedP50` (its p50 minus the baseline
 * p50); `baseline.p50`/`baseline.p99` are the deliveries outside every window and its 30 s ×
 * timeScale recovery. Evidence: the slowest deliveries at or above the threshold, with their window.
 * Unknown when there is no fault window or a window saw no delivery.
 */
export const faultDeliveryLatency = defineChecker(
  {
    id: 'fault-delivery-latency',
    title: 'Delivery latency p99 per fault window',
    unit: 'ms',
    comparison: '<',
    needs: ['durable-store'],
    defaultThreshold: 1000,
    source:
      'Realtime runbook Performance Degradation: "Slow updates (>1 second latency)"; alert websocket_latency_p99 warning > 1',
    timing: 'delivery',
  },
  (history, ctx) => {
    const start = runStart(history);
    if (start === undefined) return { value: null, error: 'no run.start: its wallClockAt0 is needed' };
    const windows = faultWindows(history);
    if (windows.length === 0) return { value: null, error: 'no fault window to measure' };
    const params = new Map<string, Record<string, unknown> | undefined>();
    for (const e of history) if (e.type === 'fault.start') params.set(e.id, e.params);
    const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;

    const perWindow = new Map<string, number[]>(windows.map((w) => [w.id, []]));
    const baseline: number[] = [];
    const slow: Array<{ e: EventOfType<'deliver'>; ms: number; window: string }> = [];
    for (const e of history) {
      if (e.type !== 'deliver') continue;
      const ms = start.wallClockAt0 + e.t - e.committedAt;
      const inside = windows.filter((w) => e.t >= w.startT && e.t <= w.endT);
      for (const w of inside) perWindow.get(w.id)!.push(ms);
      if (!insideAnyWindow(windows, e.t, recoveryMs)) baseline.push(ms);
      if (inside.length > 0 && ms >= ctx.threshold) slow.push({ e, ms, window: inside[0]!.id });
    }

    const calm = distribution(baseline);
    const details: Record<string, number> = {
      windows: windows.length,
      'baseline.count': calm.count,
      'baseline.p50': calm.p50,
      'baseline.p99': calm.p99,
    };
    let worst = 0;
    let worstWindow: (typeof windows)[number] | undefined;
    const empty: string[] = [];
    for (const w of windows) {
      const d = distribution(perWindow.get(w.id) ?? []);
      if (d.count === 0) empty.push(w.id);
      details[`${w.id}.count`] = d.count;
      details[`${w.id}.p50`] = d.p50;
      details[`${w.id}.p99`] = d.p99;
      details[`${w.id}.max`] = d.max;
      const injected = injectedMs(params.get(w.id));
      if (injected !== undefined) details[`${w.id}.injectedMs`] = injected;
      if (calm.count > 0 && d.count > 0) details[`${w.id}.addedP50`] = d.p50 - calm.p50;
      if (worstWindow === undefined || d.p99 > worst) worstWindow = w;
      worst = Math.max(worst, d.p99);
    }
    const evidence = new EvidenceList();
    for (const { e, ms, window } of slow.sort((a, b) => b.ms - a.ms)) {
      evidence.add({
        client: e.client,
        room: e.room,
        seq: e.seq,
        clientMsgId: e.clientMsgId,
        t: e.t,
        summary: `seq ${e.seq} in ${e.room} reached ${e.client} at t=${e.t}, ${Math.round(ms)} ms after its commit, during ${window}`,
      });
    }
    return {
      value: worst,
      evidence,
      details,
      ...(worstWindow ? { span: { fromT: worstWindow.startT, toT: worstWindow.endT } } : {}),
      ...(empty.length > 0 ? { error: `no delivery inside ${empty.join(', ')}` } : {}),
    };
  },
);
