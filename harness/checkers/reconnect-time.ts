import {
  attachmentTimeline,
  distribution,
  faultWindows,
  observedEndT,
  SessionTracker,
  unplannedDisconnects,
} from '../history/derive.js';
import type { EventOfType, HistoryEvent } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

interface Outage {
  disconnect: EventOfType<'client.disconnect'>;
  reconnected: boolean;
}

/**
 * Per unplanned disconnect: ms until the client is caught up again (reconnected and every joined
 * room resumed on that connection: the last client.resumed of the reconnect). Disconnects while
 * already reconnecting belong to the same outage. Outages never followed by a reconnect, or cut
 * short by client.closed, are counted in details but not timed (unrecovered-clients judges them).
 * Value: p95 in harness ms. Details also carry the detection time per fault: fault.start → the
 * first unplanned disconnect of each client attached to an affected pod at the fault's start.
 */
export const reconnectTime = defineChecker(
  {
    id: 'reconnect-time',
    title: 'Reconnect time p95',
    unit: 'ms',
    comparison: '<',
    defaultThreshold: 5000,
    source: 'Scenario 2 success criteria: Reconnect time <5 seconds p95',
    timing: 'harness',
  },
  (history, ctx) => {
    const endT = observedEndT(history);
    const durations: number[] = [];
    const span = { fromT: Infinity, toT: -Infinity };
    const slow: Array<{ outage: Outage; ms: number }> = [];
    const outages = new Map<string, Outage>();
    const tracker = new SessionTracker();
    let notReconnected = 0;
    let reconnectedNotResumed = 0;
    let closedWhileOut = 0;
    let disconnectsDuringOutages = 0;

    for (const e of history) {
      if (e.t > endT) break;
      const caughtUp = tracker.apply(e);
      if (e.type === 'client.disconnect' && !e.planned) {
        if (outages.has(e.client)) disconnectsDuringOutages += 1;
        else outages.set(e.client, { disconnect: e, reconnected: false });
      } else if (e.type === 'client.connect') {
        const outage = outages.get(e.client);
        if (outage !== undefined) outage.reconnected = true;
      } else if (e.type === 'client.closed' && outages.delete(e.client)) {
        closedWhileOut += 1;
      }
      if (caughtUp && 'client' in e) {
        const outage = outages.get(e.client);
        if (outage === undefined) continue;
        outages.delete(e.client);
        const ms = e.t - outage.disconnect.t;
        durations.push(ms);
        span.fromT = Math.min(span.fromT, outage.disconnect.t);
        span.toT = Math.max(span.toT, e.t);
        if (ms >= ctx.threshold) slow.push({ outage, ms });
      }
    }
    for (const outage of outages.values()) {
      if (outage.reconnected) reconnectedNotResumed += 1;
      else notReconnected += 1;
    }

    const evidence = new EvidenceList();
    for (const { outage, ms } of slow.sort((a, b) => b.ms - a.ms)) {
      const d = outage.disconnect;
      evidence.add({
        client: d.client,
        ...(d.pod !== null ? { pod: d.pod } : {}),
        t: d.t,
        summary: `${d.client} left ${d.pod ?? 'its pod'} at t=${d.t} (${d.reason}) and was caught up ${Math.round(ms)} ms later`,
      });
    }
    const reconnects = distribution(durations);
    const detected = detectionTimes(history, endT);
    const detection = distribution(detected.times);
    return {
      value: reconnects.p95,
      evidence,
      ...(durations.length > 0 ? { span } : {}),
      details: {
        count: reconnects.count,
        p50: reconnects.p50,
        p95: reconnects.p95,
        p99: reconnects.p99,
        max: reconnects.max,
        notReconnected,
        reconnectedNotResumed,
        closedWhileOut,
        disconnectsDuringOutages,
        detectionCount: detection.count,
        detectionP50: detection.p50,
        detectionP95: detection.p95,
        detectionMax: detection.max,
        detectionMissing: detected.missing,
      },
    };
  },
);

/** fault.start → first unplanned disconnect inside the window, per client attached to an affected pod at the start. */
function detectionTimes(
  history: readonly HistoryEvent[],
  endT: number,
): { times: number[]; missing: number } {
  const timeline = attachmentTimeline(history);
  const disconnectsByClient = new Map<string, number[]>();
  for (const d of unplannedDisconnects(history, endT)) {
    const times = disconnectsByClient.get(d.client) ?? [];
    times.push(d.t);
    disconnectsByClient.set(d.client, times);
  }
  const times: number[] = [];
  let missing = 0;
  const clients = timeline.clients();
  for (const window of faultWindows(history)) {
    const affected = new Set(window.affectedPods);
    if (affected.size === 0) continue;
    for (const client of clients) {
      const pod = timeline.podAt(client, window.startT);
      if (pod === null || !affected.has(pod)) continue;
      const first = disconnectsByClient.get(client)?.find((t) => t >= window.startT && t <= window.endT);
      if (first === undefined) missing += 1;
      else times.push(first - window.startT);
    }
  }
  return { times, missing };
}
