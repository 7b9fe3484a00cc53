import type { HistoryEvent } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/** A stretch of time a client was served by one pod; `to` is Infinity while it still is. */
interface Stay {
  pod: string;
  from: number;
  to: number;
}

/**
 * Every client's stays on pods, by the rules of attachmentTimeline (client.connect with a pod and
 * client.attach start one, client.disconnect and client.closed end it). attachmentTimeline answers
 * "where at t"; this checker needs "ever on P within a window" and "left P when".
 */
function staysByClient(history: readonly HistoryEvent[]): Map<string, Stay[]> {
  const stays = new Map<string, Stay[]>();
  const end = (client: string, t: number) => {
    const last = stays.get(client)?.at(-1);
    if (last !== undefined && last.to === Infinity) last.to = t;
  };
  for (const e of history) {
    if (e.type === 'client.connect' || e.type === 'client.attach') {
      if (e.pod === null) continue;
      let own = stays.get(e.client);
      if (own === undefined) {
        own = [];
        stays.set(e.client, own);
      }
      const last = own.at(-1);
      if (last?.to === Infinity && last.pod === e.pod) continue;
      end(e.client, e.t);
      own.push({ pod: e.pod, from: e.t, to: Infinity });
    } else if (e.type === 'client.disconnect' || e.type === 'client.closed') {
      end(e.client, e.t);
    }
  }
  return stays;
}

/** Slack for clocks and timers between the gateway's expiry and the harness's record of a leave. */
export const toleranceMs = (ttlMs: number): number => Math.max(1_000, ttlMs / 10);

/**
 * Presence staleness (DESIGN: "a gone user still listed after TTL"). A presence answer listing user
 * U on pod P is stale when U was not served by P at any time in [t0 - ttl - tolerance, t], where t0
 * is when the pod was asked (the answer's t minus its latency): a reference gateway drops an entry
 * at most one TTL after the pod last refreshed it, and it refreshes only sockets it serves.
 * Value: distinct stale (user, pod) pairs. Users the history never saw connect are not judged.
 */
export const presenceStaleness = defineChecker(
  {
    id: 'presence-staleness',
    title: 'Stale presence entries',
    unit: 'entries',
    comparison: '<=',
    needs: ['presence', 'pod-identity'],
    defaultThreshold: 0,
    source:
      'Connection lifecycle: "Presence Extended in Redis every 25s"; DESIGN: stale entries expire (a gone user still listed after TTL: 0) — the killed pod\'s users must drop out',
  },
  (history) => {
    const stays = staysByClient(history);
    const evidence = new EvidenceList();
    const stalePairs = new Set<string>();
    let probes = 0;
    let listings = 0;
    let staleListings = 0;
    let unknownUsers = 0;
    for (const e of history) {
      if (e.type !== 'probe.presence' || !e.enabled) continue;
      probes += 1;
      const since = e.t - e.latencyMs - e.ttlMs - toleranceMs(e.ttlMs);
      for (const [user, pod] of e.members) {
        listings += 1;
        const userStays = stays.get(user);
        if (userStays === undefined) {
          unknownUsers += 1;
          continue;
        }
        const onPod = userStays.filter((s) => s.pod === pod && s.from <= e.t);
        if (onPod.some((s) => s.to >= since)) continue;
        staleListings += 1;
        const pair = JSON.stringify([user, pod]);
        if (stalePairs.has(pair)) continue;
        stalePairs.add(pair);
        const left = onPod.at(-1)?.to;
        evidence.add({
          client: user,
          pod,
          room: e.room,
          t: e.t,
          summary:
            left === undefined
              ? `${user} listed on ${pod} in ${e.room} at t=${Math.round(e.t)}, but was never served by ${pod}`
              : `${user} listed on ${pod} in ${e.room} at t=${Math.round(e.t)}, ${Math.round(e.t - left)} ms after leaving it at t=${Math.round(left)} (TTL ${e.ttlMs} ms)`,
        });
      }
    }
    const details = { probes, listings, staleListings, unknownUsers };
    if (probes === 0) {
      return { value: null, details, error: 'no presence answer with presence enabled (probe.presence)' };
    }
    return { value: stalePairs.size, evidence, details };
  },
);
