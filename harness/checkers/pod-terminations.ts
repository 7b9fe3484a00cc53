import { attachmentTimeline, observedEndT } from '../history/derive.js';
import type { EventOfType, HistoryEvent } from '../history/events.js';

/** One SIGTERM of a pod, as the deploy and shutdown faults record it (pod.state `terminating`). */
export interface Termination {
  pod: string;
  /** When the SIGTERM was sent. */
  sigtermT: number;
  /** The pod.state that ended it: `exited` (with its code) or `killed`; null if none was observed. */
  end: EventOfType<'pod.state'> | null;
  /** Clients attached to the pod at the SIGTERM. */
  clients: string[];
}

/** Every SIGTERM in the observed run, with the clients the pod had at that moment and how it ended. */
export function podTerminations(history: readonly HistoryEvent[]): Termination[] {
  const endT = observedEndT(history);
  const timeline = attachmentTimeline(history);
  const terminations: Termination[] = [];
  const open = new Map<string, Termination>();
  for (const e of history) {
    if (e.t > endT) break;
    if (e.type !== 'pod.state') continue;
    if (e.state === 'terminating') {
      const termination: Termination = {
        pod: e.pod,
        sigtermT: e.t,
        end: null,
        // Just before the signal: a client leaving at the same instant was still there.
        clients: timeline.clients().filter((c) => timeline.podAt(c, e.t - 1e-6) === e.pod),
      };
      terminations.push(termination);
      open.set(e.pod, termination);
    } else if (e.state === 'exited' || e.state === 'killed') {
      const termination = open.get(e.pod);
      if (termination === undefined) continue;
      termination.end = e;
      open.delete(e.pod);
    }
  }
  return terminations;
}

export interface Departure {
  client: string;
  /** When the client stopped being attached to the pod (its disconnect, or attach elsewhere). */
  leftT: number | null;
  /** Its disconnect from the pod, when recorded. */
  disconnect: EventOfType<'client.disconnect'> | null;
  /** The first client.shutdown-notice from the pod after the SIGTERM, before it left. */
  noticeT: number | null;
  /** The first client.connect after it left (its reconnect). */
  reconnectT: number | null;
  /** The harness closed the client before it left. */
  closed: boolean;
}

/** How each client of a terminated pod left it. */
export function departures(history: readonly HistoryEvent[], termination: Termination): Departure[] {
  const endT = observedEndT(history);
  const byClient = new Map<string, Departure>(
    termination.clients.map((client) => [
      client,
      { client, leftT: null, disconnect: null, noticeT: null, reconnectT: null, closed: false },
    ]),
  );
  for (const e of history) {
    if (e.t < termination.sigtermT) continue;
    if (e.t > endT) break;
    if (!('client' in e)) continue;
    const d = byClient.get(e.client);
    if (d === undefined) continue;
    if (d.leftT === null) {
      if (e.type === 'client.shutdown-notice' && e.pod === termination.pod) d.noticeT ??= e.t;
      else if (e.type === 'client.disconnect') {
        d.leftT = e.t;
        d.disconnect = e;
      } else if (e.type === 'client.attach' && e.pod !== termination.pod) d.leftT = e.t;
      else if (e.type === 'client.closed') {
        d.leftT = e.t;
        d.closed = true;
      }
    } else if (d.reconnectT === null && e.type === 'client.connect' && !d.closed) {
      d.reconnectT = e.t;
    }
  }
  return [...byClient.values()];
}
