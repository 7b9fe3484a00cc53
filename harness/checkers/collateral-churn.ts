import {
  attachmentTimeline,
  faultWindows,
  observedEndT,
  runStart,
  type FaultWindow,
} from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

interface LeftPod {
  disconnect: EventOfType<'client.disconnect'>;
  /** The disconnect's own pod, else the pod the client was on just before it. */
  pod: string | null;
}

/**
 * Per fault window [fault.start, fault.end] (no grace after the end: the next disconnects count
 * as steady-state churn once the recovery allowance is over): unplanned disconnects of clients
 * the fault should not disturb, over those clients. A client is such a bystander when, at the
 * fault's start, it was not attached to a pod in affectedPods and it was connected at some point
 * in the window. A disconnect is still expected when it left an affected pod of any fault active
 * then (a bystander may have moved onto one), and faults that affect every pod expect every
 * disconnect. Value: the worst window's percentage.
 */
export const collateralChurn = defineChecker(
  {
    id: 'collateral-churn',
    title: 'Collateral churn',
    unit: '%',
    comparison: '<',
    needs: ['pod-identity'],
    defaultThreshold: 1,
    source: 'Scenario 2 success criteria: Connection churn <1% of active connections',
  },
  (history) => {
    const windows = faultWindows(history);
    const pods = runStart(history)?.pods.map((p) => p.name) ?? [];
    const affectsEveryPod = (w: FaultWindow) =>
      pods.length > 0 && pods.every((p) => w.affectedPods.includes(p));
    const timeline = attachmentTimeline(history);
    const endT = observedEndT(history);

    const currentPod = new Map<string, string | null>();
    const left: LeftPod[] = [];
    const connectTimes = new Map<string, number[]>();
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type === 'client.connect' || e.type === 'client.attach') {
        if (e.pod !== null) currentPod.set(e.client, e.pod);
        if (e.type === 'client.connect') {
          const times = connectTimes.get(e.client);
          if (times === undefined) connectTimes.set(e.client, [e.t]);
          else times.push(e.t);
        }
      } else if (e.type === 'client.disconnect') {
        if (!e.planned) left.push({ disconnect: e, pod: e.pod ?? currentPod.get(e.client) ?? null });
        currentPod.delete(e.client);
      }
    }
    const isExpected = ({ disconnect, pod }: LeftPod) =>
      windows.some((w) => {
        if (disconnect.t < w.startT || disconnect.t > w.endT) return false;
        if (affectsEveryPod(w)) return true;
        const podAtStart = timeline.podAt(disconnect.client, w.startT);
        return (
          (podAtStart !== null && w.affectedPods.includes(podAtStart)) ||
          (pod !== null && w.affectedPods.includes(pod))
        );
      });

    const evidence = new EvidenceList();
    const details: Record<string, number> = { windows: windows.length, windowsJudged: 0 };
    const collateralClients = new Set<string>();
    let collateralDisconnects = 0;
    let worst = 0;
    for (const w of windows) {
      if (affectsEveryPod(w)) continue;
      details.windowsJudged = (details.windowsJudged ?? 0) + 1;
      const affected = new Set(w.affectedPods);
      const bystanders = new Set(
        timeline.clients().filter((client) => {
          const pod = timeline.podAt(client, w.startT);
          if (pod !== null && affected.has(pod)) return false;
          return (
            timeline.connectedAt(client, w.startT) ||
            (connectTimes.get(client) ?? []).some((t) => t >= w.startT && t <= w.endT)
          );
        }),
      );
      let count = 0;
      for (const l of left) {
        const d = l.disconnect;
        if (d.t < w.startT || d.t > w.endT || !bystanders.has(d.client) || isExpected(l)) continue;
        count += 1;
        collateralClients.add(d.client);
        evidence.add({
          client: d.client,
          ...(l.pod !== null ? { pod: l.pod } : {}),
          t: d.t,
          summary: `${d.client} dropped from ${l.pod ?? 'an unknown pod'} at t=${d.t} (${d.reason}) during ${w.id}, which affects only ${w.affectedPods.join(', ') || 'no pod'}`,
        });
      }
      collateralDisconnects += count;
      const percent = bystanders.size > 0 ? (count / bystanders.size) * 100 : 0;
      details[`${w.id}.percent`] = percent;
      details[`${w.id}.bystanders`] = bystanders.size;
      worst = Math.max(worst, percent);
    }
    return {
      value: worst,
      evidence,
      details: { ...details, collateralDisconnects, collateralClients: collateralClients.size },
    };
  },
);
