import { auditsByRoom, closedAt, deliveredSeqs, finalSyncT, roomMembers } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * An acked message is lost when PostgreSQL does not hold it at the end (or holds it under another
 * seq than the ack said), or when a room member that joined before it (seq > fromSeq) and was
 * still open at the final sync never had it delivered. Value: distinct acked messages lost.
 */
export const lostAcked = defineChecker(
  {
    id: 'lost-acked',
    title: 'Lost acked messages',
    unit: 'messages',
    comparison: '<=',
    needs: ['acks', 'durable-store', 'server-sequence'],
    defaultThreshold: 0,
    source: 'Scenario 2 success criteria: Zero data loss (messages replayed via resume protocol)',
  },
  (history) => {
    const audits = auditsByRoom(history);
    const committedSeqById = new Map<string, Map<string, number>>();
    const committedIn = (room: string) => {
      let byId = committedSeqById.get(room);
      if (byId === undefined) {
        byId = new Map((audits.get(room)?.messages ?? []).map((m) => [m.clientMsgId, m.seq]));
        committedSeqById.set(room, byId);
      }
      return byId;
    };
    const members = roomMembers(history);
    const delivered = deliveredSeqs(history);
    const closed = closedAt(history);
    const syncT = finalSyncT(history);
    const evidence = new EvidenceList();
    const lost = new Set<string>();
    const roomsWithoutAudit = new Set<string>();
    const seen = new Set<string>();
    let acked = 0;
    let missingFromAudit = 0;
    let seqMismatch = 0;
    let missedDeliveries = 0;

    for (const e of history) {
      // Without a server seq there is nothing to match (the criterion needs server-sequence).
      if (e.type !== 'send.ok' || e.seq === undefined || seen.has(e.clientMsgId)) continue;
      seen.add(e.clientMsgId);
      acked += 1;
      const ack = e as EventOfType<'send.ok'> & { seq: number };
      const what = `${ack.clientMsgId} (seq ${ack.seq} in ${ack.room}, acked to ${ack.client} at t=${ack.t})`;
      const fact = { room: ack.room, clientMsgId: ack.clientMsgId, seq: ack.seq, t: ack.t };
      if (!audits.has(ack.room)) {
        roomsWithoutAudit.add(ack.room);
      } else {
        const committedSeq = committedIn(ack.room).get(ack.clientMsgId);
        if (committedSeq === undefined) {
          missingFromAudit += 1;
          lost.add(ack.clientMsgId);
          evidence.add({ ...fact, client: ack.client, summary: `${what} is missing from PostgreSQL` });
        } else if (committedSeq !== ack.seq) {
          seqMismatch += 1;
          lost.add(ack.clientMsgId);
          evidence.add({ ...fact, client: ack.client, summary: `${what} is stored as seq ${committedSeq}` });
        }
      }
      for (const member of members.get(ack.room)?.values() ?? []) {
        if (member.fromSeq === null || ack.seq <= member.fromSeq) continue;
        if ((closed.get(member.client) ?? Infinity) <= syncT) continue;
        if (delivered.get(ack.room)?.get(member.client)?.has(ack.seq)) continue;
        missedDeliveries += 1;
        lost.add(ack.clientMsgId);
        evidence.add({
          ...fact,
          client: member.client,
          summary: `${what} was never delivered to ${member.client}`,
        });
      }
    }

    const unaudited = [...roomsWithoutAudit];
    return {
      value: lost.size,
      evidence,
      details: {
        acked,
        lost: lost.size,
        missingFromAudit,
        seqMismatch,
        missedDeliveries,
        roomsWithoutAudit: unaudited.length,
      },
      ...(unaudited.length > 0
        ? {
            error: `no audit.committed for ${unaudited.length} room(s) with acked messages, e.g. ${unaudited.slice(0, 3).join(', ')}`,
          }
        : {}),
    };
  },
);
