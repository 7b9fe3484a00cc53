import type { EventOfType, HistoryEvent } from '../events.js';

/** room → client → seqs delivered to the application (deliveries without a server seq are left out). */
export function deliveredSeqs(history: readonly HistoryEvent[]): Map<string, Map<string, Set<number>>> {
  const rooms = new Map<string, Map<string, Set<number>>>();
  for (const e of history) {
    if (e.type !== 'deliver' || e.seq === undefined) continue;
    let clients = rooms.get(e.room);
    if (clients === undefined) {
      clients = new Map();
      rooms.set(e.room, clients);
    }
    let seqs = clients.get(e.client);
    if (seqs === undefined) {
      seqs = new Set();
      clients.set(e.client, seqs);
    }
    seqs.add(e.seq);
  }
  return rooms;
}

/** The audit per room (the last one when a room was audited twice). */
export function auditsByRoom(history: readonly HistoryEvent[]): Map<string, EventOfType<'audit.committed'>> {
  const audits = new Map<string, EventOfType<'audit.committed'>>();
  for (const e of history) if (e.type === 'audit.committed') audits.set(e.room, e);
  return audits;
}

/** clientMsgId → its ack, for acked sends. */
export function acksById(history: readonly HistoryEvent[]): Map<string, EventOfType<'send.ok'>> {
  const acks = new Map<string, EventOfType<'send.ok'>>();
  for (const e of history) if (e.type === 'send.ok' && !acks.has(e.clientMsgId)) acks.set(e.clientMsgId, e);
  return acks;
}
