import { distribution, faultWindows, insideAnyWindow, runStart } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/**
 * Per delivery: its wall-clock time (wallClockAt0 + t) minus the message's commit time. Replays
 * after a reconnect count too, as specified; details.p99OutsideFaults leaves out deliveries made
 * inside [fault.start, fault.end + 30 s × timeScale] for comparison. Value: p99 in ms.
 */
export const deliveryLatency = defineChecker(
  {
    id: 'delivery-latency',
    title: 'Delivery latency p99',
    unit: 'ms',
    comparison: '<',
    needs: ['durable-store'],
    defaultThreshold: 1000,
    source: 'Realtime runbook alert: websocket_latency_p99 warning > 1 s',
    timing: 'delivery',
  },
  (history, ctx) => {
    const start = runStart(history);
    if (start === undefined) return { value: null, error: 'no run.start: its wallClockAt0 is needed' };
    const windows = faultWindows(history);
    const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const latencies: number[] = [];
    const outsideFaults: number[] = [];
    const slow: Array<{ e: EventOfType<'deliver'>; ms: number }> = [];
    for (const e of history) {
      if (e.type !== 'deliver') continue;
      const ms = start.wallClockAt0 + e.t - e.committedAt;
      latencies.push(ms);
      if (!insideAnyWindow(windows, e.t, recoveryMs)) outsideFaults.push(ms);
      if (ms >= ctx.threshold) slow.push({ e, ms });
    }
    if (latencies.length === 0) return { value: null, error: 'no deliveries to measure' };
    const evidence = new EvidenceList();
    for (const { e, ms } of slow.sort((a, b) => b.ms - a.ms)) {
      evidence.add({
        client: e.client,
        room: e.room,
        seq: e.seq,
        clientMsgId: e.clientMsgId,
        t: e.t,
        summary: `seq ${e.seq} in ${e.room} reached ${e.client} at t=${e.t}, ${Math.round(ms)} ms after its commit`,
      });
    }
    const all = distribution(latencies);
    const calm = distribution(outsideFaults);
    return {
      value: all.p99,
      evidence,
      details: {
        count: all.count,
        p50: all.p50,
        p95: all.p95,
        p99: all.p99,
        max: all.max,
        countOutsideFaults: calm.count,
        p99OutsideFaults: calm.p99,
      },
    };
  },
);
