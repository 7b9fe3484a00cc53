import { observedEndT, overlapLength, totalLength } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { harmlessFaultWindows, harmlessIntervals, windowAt } from './harmless-fault-windows.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/**
 * Churn inside the windows of faults that expect to disturb nobody (affectedPods empty: latency,
 * load-balancer misconfiguration), each window padded with 30 s × timeScale of recovery: unplanned
 * disconnects × 100 / connected-client-minutes inside them, a runbook minute being 60 s × timeScale.
 * It is the steady-state churn of exactly the time steady-state-churn leaves out, so the two
 * together cover the run. details counts the disconnects by reason (`reason:<reason>`); evidence
 * names client, pod, time, reason and window. Unknown when the history has no such window.
 */
export const faultWindowChurn = defineChecker(
  {
    id: 'fault-window-churn',
    title: 'Churn under a harmless fault',
    unit: '%/min',
    comparison: '<',
    defaultThreshold: 1,
    source: 'Key metrics: Connection Churn normal <1% per min (while a harmless fault lasts)',
  },
  (history, ctx) => {
    const windows = harmlessFaultWindows(history);
    if (windows.length === 0) {
      return { value: null, error: 'no fault window that expects to disturb nobody (affectedPods empty)' };
    }
    const minuteMs = 60_000 * ctx.timeScale;
    const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const endT = observedEndT(history);
    const intervals = harmlessIntervals(history, ctx.timeScale)
      .map((i) => ({ start: i.start, end: Math.min(i.end, endT) }))
      .filter((i) => i.end > i.start);

    const evidence = new EvidenceList();
    const reasons: Record<string, number> = {};
    const connected = new Set<string>();
    let connectedMs = 0;
    let lastT = 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type !== 'client.connect' && e.type !== 'client.disconnect' && e.type !== 'client.closed')
        continue;
      connectedMs += connected.size * overlapLength(intervals, lastT, e.t);
      lastT = e.t;
      if (e.type === 'client.connect') connected.add(e.client);
      else connected.delete(e.client);
      if (e.type !== 'client.disconnect' || e.planned) continue;
      if (!intervals.some((i) => e.t >= i.start && e.t <= i.end)) continue;
      reasons[`reason:${e.reason}`] = (reasons[`reason:${e.reason}`] ?? 0) + 1;
      const w = windowAt(windows, e.t, recoveryMs);
      evidence.add({
        client: e.client,
        ...(e.pod !== null ? { pod: e.pod } : {}),
        t: e.t,
        summary: `${e.client} dropped from ${e.pod ?? 'an unknown pod'} at t=${e.t} by '${e.reason}' during ${w?.id ?? 'a fault'}${w !== undefined && e.t > w.endT ? ' (recovery allowance)' : ''}, which should disturb nobody`,
      });
    }
    connectedMs += connected.size * overlapLength(intervals, lastT, endT);
    const connectedClientMinutes = connectedMs / minuteMs;
    return {
      value: connectedClientMinutes > 0 ? (evidence.total * 100) / connectedClientMinutes : null,
      evidence,
      details: {
        disconnects: evidence.total,
        windows: windows.length,
        observedMinutes: totalLength(intervals) / minuteMs,
        connectedClientMinutes,
        ...reasons,
      },
      ...(connectedClientMinutes > 0 ? {} : { error: 'no connected clients inside the fault windows' }),
    };
  },
);
