import { defineChecker, EvidenceList } from './define-checker.js';

/** The same (client, room, seq) handed to the application more than once. Value: the repeats. */
export const duplicates = defineChecker(
  { id: 'duplicates', title: 'Duplicates shown to the app', unit: 'deliveries', comparison: '<=' },
  (history) => {
    const firstAt = new Map<string, Map<number, number>>();
    const evidence = new EvidenceList();
    let deliveries = 0;
    for (const e of history) {
      if (e.type !== 'deliver') continue;
      deliveries += 1;
      const key = `${e.client}\u0000${e.room}`;
      let seen = firstAt.get(key);
      if (seen === undefined) {
        seen = new Map();
        firstAt.set(key, seen);
      }
      const first = seen.get(e.seq);
      if (first === undefined) {
        seen.set(e.seq, e.t);
        continue;
      }
      evidence.add({
        client: e.client,
        room: e.room,
        seq: e.seq,
        clientMsgId: e.clientMsgId,
        t: e.t,
        summary: `seq ${e.seq} in ${e.room} delivered to ${e.client} again at t=${e.t} (first at t=${first})`,
      });
    }
    return { value: evidence.total, evidence, details: { deliveries, duplicates: evidence.total } };
  },
);
