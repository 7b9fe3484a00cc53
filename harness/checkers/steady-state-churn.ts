import {
  faultWindows,
  observedEndT,
  overlapLength,
  subtractIntervals,
  totalLength,
  insideIntervals,
} from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/** Runbook seconds a fleet may take to settle after a fault ends before churn counts as steady-state again. */
export const RECOVERY_RUNBOOK_SECONDS = 30;

/**
 * Unplanned disconnects outside every [fault.start, fault.end + 30 s × timeScale], per runbook
 * minute (60 s × timeScale), over the connected clients: disconnects × 100 / connected-client-
 * minutes, where connected-client-minutes integrates the number of connected clients over the
 * observed time (first client.connect → start of judge/teardown, minus the fault windows).
 */
export const steadyStateChurn = defineChecker(
  {
    id: 'steady-state-churn',
    title: 'Steady-state churn',
    unit: '%/min',
    comparison: '<',
    defaultThreshold: 1,
    source: 'Key metrics: Connection Churn normal <1% per min',
  },
  (history, ctx) => {
    const minuteMs = 60_000 * ctx.timeScale;
    const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const firstConnect = history.find((e) => e.type === 'client.connect');
    const endT = observedEndT(history);
    const holes = faultWindows(history).map((w) => ({ start: w.startT, end: w.endT + recoveryMs }));
    const observed =
      firstConnect === undefined ? [] : subtractIntervals({ start: firstConnect.t, end: endT }, holes);

    const evidence = new EvidenceList();
    const connected = new Set<string>();
    let connectedMs = 0;
    let lastT = firstConnect?.t ?? 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type !== 'client.connect' && e.type !== 'client.disconnect' && e.type !== 'client.closed')
        continue;
      connectedMs += connected.size * overlapLength(observed, lastT, e.t);
      lastT = e.t;
      if (e.type === 'client.connect') connected.add(e.client);
      else connected.delete(e.client);
      if (e.type === 'client.disconnect' && !e.planned && insideIntervals(observed, e.t)) {
        evidence.add({
          client: e.client,
          ...(e.pod !== null ? { pod: e.pod } : {}),
          t: e.t,
          summary: `${e.client} dropped from ${e.pod ?? 'an unknown pod'} at t=${e.t} (${e.reason}) outside any fault window`,
        });
      }
    }
    connectedMs += connected.size * overlapLength(observed, lastT, endT);

    const observedMs = totalLength(observed);
    const connectedClientMinutes = connectedMs / minuteMs;
    const disconnects = evidence.total;
    return {
      value: connectedClientMinutes > 0 ? (disconnects * 100) / connectedClientMinutes : null,
      evidence,
      details: {
        disconnects,
        observedMinutes: observedMs / minuteMs,
        meanConnected: observedMs > 0 ? connectedMs / observedMs : 0,
        connectedClientMinutes,
        faultWindows: holes.length,
      },
      ...(connectedClientMinutes > 0
        ? {}
        : { error: 'no connected clients outside the fault windows to measure churn on' }),
    };
  },
);
