import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * Per (client, room), a delivered seq that is not greater than the one delivered just before it.
 * Deliveries without a server seq (a target without server-sequence) are not judged here.
 */
export const order = defineChecker(
  {
    id: 'order',
    title: 'Order violations',
    unit: 'violations',
    comparison: '<=',
    needs: ['server-sequence'],
    defaultThreshold: 0,
    source: 'Resume protocol: per-room seq order',
  },
  (history) => {
    const previous = new Map<string, { seq: number; t: number }>();
    const evidence = new EvidenceList();
    let deliveries = 0;
    for (const e of history) {
      if (e.type !== 'deliver' || e.seq === undefined) continue;
      deliveries += 1;
      const key = `${e.client}\u0000${e.room}`;
      const before = previous.get(key);
      const seq = e.seq;
      previous.set(key, { seq, t: e.t });
      if (before === undefined || seq > before.seq) continue;
      evidence.add({
        client: e.client,
        room: e.room,
        seq: e.seq,
        clientMsgId: e.clientMsgId,
        t: e.t,
        summary: `${e.client} got seq ${e.seq} in ${e.room} at t=${e.t} after seq ${before.seq} (t=${before.t})`,
      });
    }
    return { value: evidence.total, evidence, details: { deliveries, violations: evidence.total } };
  },
);
