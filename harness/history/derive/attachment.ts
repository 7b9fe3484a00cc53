import type { HistoryEvent } from '../events.js';

export interface AttachmentTimeline {
  /** The pod the client was on at t (events at exactly t included); null when not connected or not known. */
  podAt(client: string, t: number): string | null;
  /** Whether the client had a connection at t (events at exactly t included). */
  connectedAt(client: string, t: number): boolean;
  clients(): string[];
}

interface Steps {
  t: number[];
  pod: Array<string | null>;
  connected: boolean[];
}

/**
 * Which pod each client was on over time: client.connect (its pod when known) and client.attach
 * set it, client.disconnect and client.closed clear it.
 */
export function attachmentTimeline(history: readonly HistoryEvent[]): AttachmentTimeline {
  const byClient = new Map<string, Steps>();
  const step = (client: string, t: number, pod: string | null, connected: boolean) => {
    let steps = byClient.get(client);
    if (steps === undefined) {
      steps = { t: [], pod: [], connected: [] };
      byClient.set(client, steps);
    }
    steps.t.push(t);
    steps.pod.push(pod);
    steps.connected.push(connected);
  };
  for (const e of history) {
    if (e.type === 'client.connect') step(e.client, e.t, e.pod, true);
    else if (e.type === 'client.attach') step(e.client, e.t, e.pod, true);
    else if (e.type === 'client.disconnect' || e.type === 'client.closed') step(e.client, e.t, null, false);
  }
  const lastIndexAt = (steps: Steps, t: number): number => {
    let lo = 0;
    let hi = steps.t.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((steps.t[mid] ?? Infinity) <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return {
    podAt(client, t) {
      const steps = byClient.get(client);
      return steps === undefined ? null : (steps.pod[lastIndexAt(steps, t)] ?? null);
    },
    connectedAt(client, t) {
      const steps = byClient.get(client);
      return steps === undefined ? false : (steps.connected[lastIndexAt(steps, t)] ?? false);
    },
    clients: () => [...byClient.keys()],
  };
}
