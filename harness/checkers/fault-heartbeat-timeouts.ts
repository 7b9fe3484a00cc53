import { observedEndT } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { harmlessFaultWindows, harmlessIntervals, windowAt } from './harmless-fault-windows.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/**
 * Heartbeat timeouts ('ping timeout' disconnects) inside the windows of faults that expect to
 * disturb nobody (affectedPods empty), each padded with 30 s × timeScale of recovery, as a
 * percentage of all connections made (client.connect) in the observed run. heartbeat-timeouts
 * leaves fault windows out; this judges exactly them. Comparison `<=`, so threshold 0 means "none".
 * Unknown when the history has no such window.
 */
export const faultHeartbeatTimeouts = defineChecker(
  {
    id: 'fault-heartbeat-timeouts',
    title: 'Heartbeat timeouts under a harmless fault',
    unit: '%',
    comparison: '<=',
    defaultThreshold: 0,
    source:
      'Infrastructure runbook Connection Lifecycle: "Heartbeat Pong expected within 50s (25s + 25s grace)": a 250 ms delay may time out none',
  },
  (history, ctx) => {
    const windows = harmlessFaultWindows(history);
    if (windows.length === 0) {
      return { value: null, error: 'no fault window that expects to disturb nobody (affectedPods empty)' };
    }
    const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const intervals = harmlessIntervals(history, ctx.timeScale);
    const endT = observedEndT(history);
    const evidence = new EvidenceList();
    let connections = 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type === 'client.connect') connections += 1;
      if (e.type !== 'client.disconnect' || e.planned || e.reason !== 'ping timeout') continue;
      if (!intervals.some((i) => e.t >= i.start && e.t <= i.end)) continue;
      const w = windowAt(windows, e.t, recoveryMs);
      evidence.add({
        client: e.client,
        ...(e.pod !== null ? { pod: e.pod } : {}),
        t: e.t,
        summary: `${e.client} timed out its heartbeat on ${e.pod ?? 'an unknown pod'} at t=${e.t} during ${w?.id ?? 'a fault'}`,
      });
    }
    return {
      value: connections > 0 ? (evidence.total * 100) / connections : null,
      evidence,
      details: { connections, heartbeatTimeouts: evidence.total, windows: windows.length },
      ...(connections > 0 ? {} : { error: 'no connections to measure against' }),
    };
  },
);
