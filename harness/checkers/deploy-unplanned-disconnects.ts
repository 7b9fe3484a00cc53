import { observedEndT } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { PROCEDURE_RECOVERY_SECONDS, windowsOf } from './deploy-windows.js';

/**
 * Unplanned disconnects while a procedure (deploy, rollback, scaling, graceful shutdown) runs: inside
 * any fault window padded with 30 s × timeScale. In a procedure every client that must move is told
 * (server_shutdown) and leaves planned, so any unplanned one is a client the procedure hurt. Unknown
 * when the history has no fault window.
 */
export const deployUnplannedDisconnects = defineChecker(
  {
    id: 'deploy-unplanned-disconnects',
    title: 'Unplanned disconnects during the procedure',
    unit: 'disconnects',
    comparison: '<=',
    needs: ['shutdown-notice'],
    defaultThreshold: 0,
    source:
      "Connection Lifecycle 3: every client of a stopping pod gets 'server_shutdown' and leaves gracefully",
  },
  (history, ctx) => {
    const windows = windowsOf(history);
    if (windows.length === 0) return { value: null, error: 'no fault window in the history' };
    const padMs = PROCEDURE_RECOVERY_SECONDS * 1000 * ctx.timeScale;
    const endT = observedEndT(history);
    const evidence = new EvidenceList();
    const reasons: Record<string, number> = {};
    let planned = 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type !== 'client.disconnect') continue;
      const w = windows.find((x) => e.t >= x.startT && e.t <= x.endT + padMs);
      if (w === undefined) continue;
      if (e.planned) {
        planned += 1;
        continue;
      }
      reasons[`reason:${e.reason}`] = (reasons[`reason:${e.reason}`] ?? 0) + 1;
      evidence.add({
        client: e.client,
        ...(e.pod !== null ? { pod: e.pod } : {}),
        t: e.t,
        summary: `${e.client} dropped from ${e.pod ?? 'an unknown pod'} at t=${e.t} (${e.reason}) during ${w.id}`,
      });
    }
    return { value: evidence.total, evidence, details: { planned, windows: windows.length, ...reasons } };
  },
);
