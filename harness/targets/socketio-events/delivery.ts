// Delivery recognition: a received payload carrying one of this adapter's correlation ids becomes
// a `deliver` event; the state the users of one adapter share for it.
import type { VirtualUserOptions } from '../adapter.js';
import { extractCorrelation } from './correlation.js';
import { valueAt } from './template.js';

/** State shared by the users of one adapter: who they are, and when each message went out. */
export class Shared {
  readonly users = new Set<string>();
  /** correlation id → epoch ms it was emitted (the deliver event's committedAt). */
  readonly sentAt = new Map<string, number>();
}

/** Records a `deliver` if the payload's field carries a correlation id of one of the users. */
export function recordDelivery(
  sink: VirtualUserOptions['sink'],
  shared: Shared,
  client: string,
  room: string,
  field: string,
  payload: unknown,
): void {
  const found = extractCorrelation(valueAt(payload, field), shared.users);
  if (!found) return;
  sink.record({
    type: 'deliver',
    client,
    room,
    clientMsgId: found.correlationId,
    sender: found.sender,
    senderSeq: found.senderSeq,
    // No commit time in this protocol: the send time (same process) stands in for it.
    committedAt: shared.sentAt.get(found.correlationId) ?? Date.now(),
  });
}
