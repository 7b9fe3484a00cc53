import { faultWindows, observedEndT, runStart, type FaultWindow } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/**
 * Unplanned disconnects that a fault should not cause: inside [fault.start, fault.end + 30 s ×
 * timeScale] (the heal and the recovery after it count too: a returning zone or Redis must not
 * disturb anybody, and steady-state churn leaves those 30 s out), from a pod that is not among the
 * window's affectedPods. A fault with no affected pod (Redis, the database) thus expects no
 * disconnect at all; a zone loss expects those of the zone's pods only, and none of the survivors'
 * (including clients that moved onto a survivor) when the zone returns. Disconnects leaving a pod
 * that an active fault affects are expected; windows of faults affecting every pod are not judged.
 * Value: the number of such disconnects.
 */
export const disconnectsDuringFault = defineChecker(
  {
    id: 'disconnects-during-fault',
    title: 'Unplanned disconnects caused by the fault',
    unit: 'disconnects',
    comparison: '<=',
    needs: ['pod-identity'],
    defaultThreshold: 0,
    source: 'Scenario 4 expected behaviour 1: Pods continue serving WebSocket connections (degraded mode)',
  },
  (history, ctx) => {
    const windows = faultWindows(history);
    const pods = runStart(history)?.pods.map((p) => p.name) ?? [];
    const affectsEveryPod = (w: FaultWindow) =>
      pods.length > 0 && pods.every((p) => w.affectedPods.includes(p));
    const recoveryMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const endT = observedEndT(history);
    const judged = windows.filter((w) => !affectsEveryPod(w));
    const details: Record<string, number> = {
      windows: windows.length,
      windowsJudged: judged.length,
      recoveryAllowanceMs: recoveryMs,
      expected: 0,
    };
    const evidence = new EvidenceList();

    const currentPod = new Map<string, string>();
    for (const e of history) {
      if (e.t > endT) break;
      if ((e.type === 'client.connect' || e.type === 'client.attach') && e.pod !== null) {
        currentPod.set(e.client, e.pod);
        continue;
      }
      if (e.type !== 'client.disconnect') continue;
      const pod = e.pod ?? currentPod.get(e.client) ?? null;
      currentPod.delete(e.client);
      if (e.planned) continue;
      const d: EventOfType<'client.disconnect'> = e;
      const expected = windows.some(
        (w) =>
          d.t >= w.startT &&
          d.t <= w.endT &&
          (affectsEveryPod(w) || (pod !== null && w.affectedPods.includes(pod))),
      );
      const culprit = judged.find((w) => d.t >= w.startT && d.t <= w.endT + recoveryMs);
      if (culprit === undefined) continue;
      if (expected || (pod !== null && culprit.affectedPods.includes(pod))) {
        details.expected = (details.expected ?? 0) + 1;
        continue;
      }
      const phase = d.t <= culprit.endT ? 'during' : `${d.t - culprit.endT} ms after the end of`;
      details[`${culprit.id}.disconnects`] = (details[`${culprit.id}.disconnects`] ?? 0) + 1;
      evidence.add({
        client: d.client,
        ...(pod !== null ? { pod } : {}),
        t: d.t,
        summary: `${d.client} dropped from ${pod ?? 'an unknown pod'} at t=${d.t} (${d.reason}) ${phase} ${culprit.id}, which should disturb ${culprit.affectedPods.length > 0 ? `only clients of ${culprit.affectedPods.join(', ')}` : 'no client'}`,
      });
    }
    return {
      value: evidence.total,
      evidence,
      details,
      ...(windows.length === 0 ? { error: 'the history has no fault window' } : {}),
    };
  },
);
