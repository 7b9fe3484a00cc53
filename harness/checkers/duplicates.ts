import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * The same message (its clientMsgId, the harness's own correlation id) handed to one member's
 * application more than once: needs no capability, so it judges every target. Value: the repeats.
 */
export const duplicates = defineChecker(
  {
    id: 'duplicates',
    title: 'Duplicates shown to the app',
    unit: 'deliveries',
    comparison: '<=',
    defaultThreshold: 0,
    source: 'Resume protocol: replay is exactly once at the application',
  },
  (history) => {
    const firstAt = new Map<string, Map<string, number>>();
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
      const first = seen.get(e.clientMsgId);
      if (first === undefined) {
        seen.set(e.clientMsgId, e.t);
        continue;
      }
      const what = e.seq !== undefined ? `${e.clientMsgId} (seq ${e.seq})` : e.clientMsgId;
      evidence.add({
        client: e.client,
        room: e.room,
        ...(e.seq !== undefined ? { seq: e.seq } : {}),
        clientMsgId: e.clientMsgId,
        t: e.t,
        summary: `${what} in ${e.room} delivered to ${e.client} again at t=${e.t} (first at t=${first})`,
      });
    }
    return { value: evidence.total, evidence, details: { deliveries, duplicates: evidence.total } };
  },
);
