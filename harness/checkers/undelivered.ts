import {
  acksById,
  auditsByRoom,
  closedAt,
  deliveredSeqs,
  finalSyncT,
  roomMembers,
} from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * Committed messages (the audit) that a member never received: every seq above the member's
 * fromSeq, for members still open at the final sync. Value: distinct messages missed by anyone.
 */
export const undelivered = defineChecker(
  {
    id: 'undelivered',
    title: 'Undelivered messages',
    unit: 'messages',
    comparison: '<=',
    needs: ['durable-store', 'server-sequence'],
    defaultThreshold: 0,
    source: 'Resume protocol: what a client missed while away is replayed',
  },
  (history) => {
    const audits = auditsByRoom(history);
    const members = roomMembers(history);
    const delivered = deliveredSeqs(history);
    const closed = closedAt(history);
    const acks = acksById(history);
    const syncT = finalSyncT(history);
    const evidence = new EvidenceList();
    const missedMessages = new Set<string>();
    let missedDeliveries = 0;
    let committed = 0;
    let judgedMembers = 0;
    let neverJoined = 0;
    let closedBeforeSync = 0;
    const roomsWithoutAudit: string[] = [];

    for (const [room, roomMembersById] of members) {
      const audit = audits.get(room);
      if (audit === undefined) {
        if ([...roomMembersById.values()].some((m) => m.fromSeq !== null)) roomsWithoutAudit.push(room);
        continue;
      }
      for (const member of roomMembersById.values()) {
        if (member.fromSeq === null) {
          neverJoined += 1;
          continue;
        }
        if ((closed.get(member.client) ?? Infinity) <= syncT) {
          closedBeforeSync += 1;
          continue;
        }
        judgedMembers += 1;
        const seqs = delivered.get(room)?.get(member.client);
        for (const message of audit.messages) {
          if (message.seq <= member.fromSeq || seqs?.has(message.seq)) continue;
          missedDeliveries += 1;
          missedMessages.add(`${room}\u0000${message.seq}`);
          const ackT = acks.get(message.clientMsgId)?.t;
          evidence.add({
            client: member.client,
            room,
            seq: message.seq,
            clientMsgId: message.clientMsgId,
            ...(ackT !== undefined ? { t: ackT } : {}),
            summary: `seq ${message.seq} (${message.clientMsgId}) in ${room} never reached ${member.client} (joined after seq ${member.fromSeq})`,
          });
        }
      }
    }
    for (const audit of audits.values()) committed += audit.messages.length;

    return {
      value: missedMessages.size,
      evidence,
      details: {
        committed,
        missedMessages: missedMessages.size,
        missedDeliveries,
        judgedMembers,
        neverJoined,
        closedBeforeSync,
        roomsWithoutAudit: roomsWithoutAudit.length,
      },
      ...(audits.size === 0
        ? { error: 'the history has no audit.committed events' }
        : roomsWithoutAudit.length > 0
          ? {
              error: `no audit.committed for ${roomsWithoutAudit.length} room(s) with members, e.g. ${roomsWithoutAudit.slice(0, 3).join(', ')}`,
            }
          : {}),
    };
  },
);
