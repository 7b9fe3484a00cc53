import { defineChecker, EvidenceList } from './define-checker.js';
import { PROCEDURE_RECOVERY_SECONDS, windowsOf } from './deploy-windows.js';

/**
 * Failed handshakes during a procedure: each client.connect says how many attempts it took since the
 * client was last connected; every attempt beyond the first failed. Counted for connects inside any
 * fault window padded with 30 s × timeScale. Unknown when the history has no fault window.
 */
export const handshakeFailures = defineChecker(
  {
    id: 'handshake-failures',
    title: 'Failed handshakes during the procedure',
    unit: 'attempts',
    comparison: '<=',
    defaultThreshold: 0,
    source: 'Zero-Downtime Deployment: no client is refused while pods are replaced',
  },
  (history, ctx) => {
    const windows = windowsOf(history);
    if (windows.length === 0) return { value: null, error: 'no fault window in the history' };
    const padMs = PROCEDURE_RECOVERY_SECONDS * 1000 * ctx.timeScale;
    const evidence = new EvidenceList();
    let failed = 0;
    let connects = 0;
    for (const e of history) {
      if (e.type !== 'client.connect') continue;
      if (!windows.some((w) => e.t >= w.startT && e.t <= w.endT + padMs)) continue;
      connects += 1;
      if (e.attempt <= 1) continue;
      failed += e.attempt - 1;
      evidence.add({
        client: e.client,
        t: e.t,
        summary: `${e.client} connected at t=${e.t} on attempt ${e.attempt}`,
      });
    }
    return { value: failed, evidence, details: { connects, clientsRetrying: evidence.total } };
  },
);
