import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

type Delivery = EventOfType<'deliver'> & { senderSeq: number };

/**
 * Per (member, room, sender): a delivery whose per-sender sequence number (senderSeq, the sender's
 * running number carried in the payload) is lower than one the member was handed before from that
 * sender. It needs no capability: it judges order where the server numbers nothing. On a target
 * with acks, only sends the sender made one after another count (the earlier one acked before the
 * later one was invoked); sends in flight together may commit in either order. Deliveries without
 * a senderSeq are not judged (when none has one, the verdict is unknown). Value: the deliveries out
 * of order.
 */
export const senderOrder = defineChecker(
  {
    id: 'sender-order',
    title: 'Per-sender order violations',
    unit: 'violations',
    comparison: '<=',
    defaultThreshold: 0,
    source:
      'Resume protocol: messages keep their order (per sender, where the server numbers no room; per-room seq order where it does)',
  },
  (history) => {
    const invokedAt = new Map<string, number>();
    const ackedAt = new Map<string, number>();
    let withAcks = false;
    for (const e of history) {
      if (e.type === 'send.invoke' && !invokedAt.has(e.clientMsgId)) invokedAt.set(e.clientMsgId, e.t);
      else if (e.type === 'send.ok' || e.type === 'send.fail' || e.type === 'send.unknown') {
        withAcks = true;
        if (e.type === 'send.ok' && !ackedAt.has(e.clientMsgId)) ackedAt.set(e.clientMsgId, e.t);
      }
    }
    /** Whether `earlier` had to reach every member before `later`: no acks, or acked before `later` was sent. */
    const mustPrecede = (earlier: Delivery, later: Delivery): boolean => {
      if (!withAcks) return true;
      const acked = ackedAt.get(earlier.clientMsgId);
      const invoked = invokedAt.get(later.clientMsgId);
      return acked !== undefined && invoked !== undefined && acked <= invoked;
    };

    const before = new Map<string, Delivery[]>();
    const evidence = new EvidenceList();
    let deliveries = 0;
    let unnumbered = 0;
    let concurrent = 0;
    for (const e of history) {
      if (e.type !== 'deliver') continue;
      if (e.senderSeq === undefined) {
        unnumbered += 1;
        continue;
      }
      const d = e as Delivery;
      deliveries += 1;
      const key = `${d.client}\u0000${d.room}\u0000${d.sender}`;
      let seen = before.get(key);
      if (seen === undefined) {
        seen = [];
        before.set(key, seen);
      }
      const overtaken = seen.filter((s) => s.senderSeq > d.senderSeq);
      seen.push(d);
      if (overtaken.length === 0) continue;
      const proof = overtaken.find((s) => mustPrecede(d, s));
      if (proof === undefined) {
        concurrent += 1;
        continue;
      }
      evidence.add({
        client: d.client,
        room: d.room,
        clientMsgId: d.clientMsgId,
        t: d.t,
        summary: `${d.client} got ${d.sender}'s message #${d.senderSeq} (${d.clientMsgId}) in ${d.room} at t=${d.t}, after its #${proof.senderSeq} (${proof.clientMsgId}, t=${proof.t})`,
      });
    }
    return {
      value: evidence.total,
      evidence,
      details: { deliveries, unnumbered, violations: evidence.total, concurrentSends: concurrent },
      // Deliveries that all lack the number prove nothing about order: never a silent pass.
      ...(deliveries === 0 && unnumbered > 0
        ? { error: `none of the ${unnumbered} deliveries carries a per-sender sequence number (senderSeq)` }
        : {}),
    };
  },
);
