import { acksById, auditsByRoom } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * A clientMsgId stored more than once in a room: a retried send committed again under a new seq
 * instead of returning the original one (DESIGN: "a repeated clientMsgId returns the original seq").
 * Judged on the final audit; lost-acked and duplicates cannot see it (the ack's seq is stored, and
 * each copy is a different seq delivered once). Value: clientMsgIds stored more than once.
 */
export const storedOnce = defineChecker(
  {
    id: 'stored-once',
    title: 'Messages stored more than once',
    unit: 'messages',
    comparison: '<=',
    needs: ['durable-store'],
    defaultThreshold: 0,
    source: 'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq`',
  },
  (history) => {
    const audits = auditsByRoom(history);
    const acks = acksById(history);
    const evidence = new EvidenceList();
    let stored = 0;
    let extraRows = 0;
    for (const [room, audit] of audits) {
      const seqsById = new Map<string, number[]>();
      for (const m of audit.messages) {
        stored += 1;
        const seqs = seqsById.get(m.clientMsgId);
        if (seqs === undefined) seqsById.set(m.clientMsgId, [m.seq]);
        else seqs.push(m.seq);
      }
      for (const [clientMsgId, seqs] of seqsById) {
        if (seqs.length < 2) continue;
        extraRows += seqs.length - 1;
        const ack = acks.get(clientMsgId);
        const acked =
          ack === undefined
            ? 'never acked'
            : `acked as seq ${ack.seq} to ${ack.client} at t=${ack.t} after ${ack.attempts} attempts`;
        evidence.add({
          room,
          clientMsgId,
          seq: seqs[0]!,
          t: audit.t,
          ...(ack ? { client: ack.client } : {}),
          summary: `${clientMsgId} is stored ${seqs.length} times in ${room}, as seqs ${seqs.join(', ')} (${acked})`,
        });
      }
    }
    const details = { rooms: audits.size, stored, extraRows };
    if (audits.size === 0) return { value: null, details, error: 'no final audit (audit.committed)' };
    return { value: evidence.total, evidence, details };
  },
);
