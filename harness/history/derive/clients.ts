import type { EventOfType, HistoryEvent } from '../events.js';

/** Every client the history mentions: assigned to a room, or the subject of any client event. */
export function knownClients(history: readonly HistoryEvent[]): Set<string> {
  const clients = new Set<string>();
  for (const e of history) {
    if (e.type === 'rooms.assigned')
      for (const members of Object.values(e.rooms)) for (const c of members) clients.add(c);
    else if ('client' in e) clients.add(e.client);
  }
  return clients;
}

/** When the harness closed each client (its first client.closed). */
export function closedAt(history: readonly HistoryEvent[]): Map<string, number> {
  const closed = new Map<string, number>();
  for (const e of history) if (e.type === 'client.closed' && !closed.has(e.client)) closed.set(e.client, e.t);
  return closed;
}

/** Unplanned client.disconnect events up to and including `throughT`, in order. */
export function unplannedDisconnects(
  history: readonly HistoryEvent[],
  throughT = Infinity,
): Array<EventOfType<'client.disconnect'>> {
  return history.filter(
    (e): e is EventOfType<'client.disconnect'> =>
      e.type === 'client.disconnect' && !e.planned && e.t <= throughT,
  );
}
