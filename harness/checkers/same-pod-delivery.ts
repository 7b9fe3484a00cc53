import { attachmentTimeline, faultWindows, observedEndT, roomMembers } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/** Realtime runbook alert: websocket_latency_p99 warning > 1 s. A live delivery is due within it. */
export const SAME_POD_DELIVERY_MS = 1_000;

/**
 * Live delivery between clients of the same pod during faults (runbook Scenario 4: "Cross-pod
 * messaging disabled (single-pod only)", so single-pod messaging must go on). For every send acked
 * inside a fault window, every other room member (joined before it) that was on the sender's pod at
 * the ack and still there 1 s later must have it delivered within 1 s of the ack (wall-clock, not
 * scaled: it is a latency). Value: the (message, member) pairs delivered late or not at all, plus
 * one per window in which sends were invoked but no same-pod delivery was possible at all (every
 * pod down, nothing acked). Unknown when no window had a send to judge.
 */
export const samePodDelivery = defineChecker(
  {
    id: 'same-pod-delivery',
    title: 'Same-pod delivery during faults',
    unit: 'deliveries',
    comparison: '<=',
    needs: ['pod-identity', 'acks', 'server-sequence'],
    defaultThreshold: 0,
    source:
      'Scenario 4 expected behaviour 3: Cross-pod messaging disabled (single-pod only), so single-pod messaging goes on live (within the 1 s latency warning)',
  },
  (history) => {
    const windows = faultWindows(history);
    const endT = observedEndT(history);
    const timeline = attachmentTimeline(history);
    const members = roomMembers(history);
    const firstDelivery = new Map<string, number>();
    for (const e of history) {
      if (e.type !== 'deliver') continue;
      const key = `${e.room}\u0000${e.seq}\u0000${e.client}`;
      if (!firstDelivery.has(key)) firstDelivery.set(key, e.t);
    }
    const evidence = new EvidenceList();
    let judged = 0;
    let acksInside = 0;
    let worst = 0;
    const judgedIn = new Set<string>();
    const seen = new Set<string>();
    for (const e of history) {
      // Without a server seq there is nothing to match (the criterion needs server-sequence).
      if (e.type !== 'send.ok' || e.seq === undefined || seen.has(e.clientMsgId)) continue;
      seen.add(e.clientMsgId);
      const ack = e as EventOfType<'send.ok'> & { seq: number };
      if (ack.t + SAME_POD_DELIVERY_MS > endT) continue;
      const window = windows.find((w) => ack.t >= w.startT && ack.t <= w.endT);
      if (window === undefined) continue;
      acksInside += 1;
      const pod = timeline.podAt(ack.client, ack.t);
      if (pod === null) continue;
      for (const m of members.get(ack.room)?.values() ?? []) {
        if (m.client === ack.client || m.fromSeq === null || ack.seq <= m.fromSeq) continue;
        if (timeline.podAt(m.client, ack.t) !== pod) continue;
        if (timeline.podAt(m.client, ack.t + SAME_POD_DELIVERY_MS) !== pod) continue;
        judged += 1;
        judgedIn.add(window.id);
        const at = firstDelivery.get(`${ack.room}\u0000${ack.seq}\u0000${m.client}`);
        const ms = at === undefined ? Infinity : at - ack.t;
        if (Number.isFinite(ms)) worst = Math.max(worst, ms);
        if (ms <= SAME_POD_DELIVERY_MS) continue;
        evidence.add({
          client: m.client,
          room: ack.room,
          seq: ack.seq,
          clientMsgId: ack.clientMsgId,
          pod,
          t: ack.t,
          summary:
            at === undefined
              ? `seq ${ack.seq} in ${ack.room}, acked to ${ack.client} on ${pod} at t=${ack.t}, never reached ${m.client} on the same pod`
              : `seq ${ack.seq} in ${ack.room}, acked to ${ack.client} on ${pod} at t=${ack.t}, reached ${m.client} on the same pod ${ms} ms later`,
        });
      }
    }
    // A window in which clients kept sending but not one message could be delivered on the sender's
    // pod (every pod down, or nothing acked) broke the promise as a whole: one violation per window.
    let silentWindows = 0;
    for (const w of windows) {
      const inside = (t: number) => t >= w.startT && t <= w.endT && t + SAME_POD_DELIVERY_MS <= endT;
      if (judgedIn.has(w.id)) continue;
      const invoked = history.filter((e) => e.type === 'send.invoke' && inside(e.t)).length;
      if (invoked === 0) continue;
      silentWindows += 1;
      const acked = history.filter((e) => e.type === 'send.ok' && inside(e.t)).length;
      evidence.add({
        t: w.startT,
        summary: `no same-pod delivery could happen during ${w.id} (t=${w.startT}..${w.endT}): ${invoked} sends invoked, ${acked} acked, none to a member on the sender's pod`,
      });
    }
    return {
      value: evidence.total,
      evidence,
      details: {
        windows: windows.length,
        acksInside,
        judged,
        silentWindows,
        worstMs: worst,
        boundMs: SAME_POD_DELIVERY_MS,
      },
      ...(windows.length === 0
        ? { error: 'the history has no fault window' }
        : judged === 0 && silentWindows === 0
          ? { error: 'no same-pod delivery inside a fault window to judge' }
          : {}),
    };
  },
);
