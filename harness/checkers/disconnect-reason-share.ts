import { faultWindows, insideAnyWindow, observedEndT } from '../history/derive.js';
import type { CheckerSpec } from './types.js';
import { defineChecker, EvidenceList, type CheckerMeta } from './define-checker.js';

/**
 * Unplanned disconnects with one of `reasons`, outside every fault window (inside one they are
 * the fault's expected effect), as a percentage of all connections made (client.connect events).
 */
export function disconnectReasonShare(
  meta: Omit<CheckerMeta, 'unit' | 'comparison'>,
  reasons: readonly string[],
): CheckerSpec {
  return defineChecker({ ...meta, unit: '%', comparison: '<' }, (history) => {
    const windows = faultWindows(history);
    const endT = observedEndT(history);
    const evidence = new EvidenceList();
    let connections = 0;
    let insideFaults = 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type === 'client.connect') connections += 1;
      if (e.type !== 'client.disconnect' || e.planned || !reasons.includes(e.reason)) continue;
      if (insideAnyWindow(windows, e.t)) {
        insideFaults += 1;
        continue;
      }
      evidence.add({
        client: e.client,
        ...(e.pod !== null ? { pod: e.pod } : {}),
        t: e.t,
        summary: `${e.client} dropped from ${e.pod ?? 'an unknown pod'} at t=${e.t} by '${e.reason}' outside any fault window`,
      });
    }
    return {
      value: connections > 0 ? (evidence.total * 100) / connections : null,
      evidence,
      details: { connections, matching: evidence.total, insideFaults },
      ...(connections > 0 ? {} : { error: 'no connections to measure against' }),
    };
  });
}
