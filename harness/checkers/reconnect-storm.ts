import {
  faultWindows,
  knownClients,
  observedEndT,
  runStart,
  SessionTracker,
  type FaultWindow,
} from '../history/derive.js';
import type { EventOfType, HistoryEvent } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * Width of the sliding window the storm is measured in: one real second (the SDK's backoff and the
 * gateways' handshake capacity are wall-clock, not runbook, quantities: the time scale does not apply).
 */
export const STORM_WINDOW_MS = 1_000;

/**
 * The reconnect storm after faults: reconnections (client.connect with reconnect=true) from the first
 * fault's start to the end of observation, counted in every sliding 1 s window. Value: the densest
 * second's reconnections as a percentage of the fleet (run.start's clients, else every client the
 * history names).
 *
 * Why a share of the fleet per second: clients dropped together that retry with the SDK's
 * exponential backoff (200 ms doubling to 5 s, 50 % jitter) come back at their first try after the
 * load balancer has a pod again, and the jitter spreads those tries over half the current delay or
 * more: with the delay capped (5 s: a runbook-length outage) the densest second holds about 27 % of
 * them, with the shorter delays of a CI-sized outage (≈ 3 s when the pods return) about 40-45 %.
 * A herd without jitter retries in lock-step and lands nearly all of them (≈ 100 %) in one second.
 * The scenario's threshold sits between the two.
 *
 * Details: peak count and when, reconnections, the attempts they took (client.connect's attempt),
 * and per fault window affecting every pod the time to full recovery: from the fault's end (and its
 * start) until every client not closed is connected and caught up again (-1: never).
 */
export const reconnectStorm = defineChecker(
  {
    id: 'reconnect-storm',
    title: 'Reconnect storm (densest second)',
    unit: '% of clients/s',
    comparison: '<=',
    defaultThreshold: 60,
    source:
      'Resolution: No repeated failures: the fleet returns spread by backoff with jitter (densest second ≤ 60 % of clients: jittered backoff measures 27-45 %, a herd ~100 %); time to full recovery in details',
  },
  (history) => {
    const windows = faultWindows(history);
    const endT = observedEndT(history);
    const fleet = runStart(history)?.clients || knownClients(history).size;
    const fromT = Math.min(...windows.map((w) => w.startT));
    const reconnects = history.filter(
      (e): e is EventOfType<'client.connect'> =>
        e.type === 'client.connect' && e.reconnect && e.t >= fromT && e.t <= endT,
    );
    let peak = 0;
    let peakAt = 0;
    let lo = 0;
    for (let hi = 0; hi < reconnects.length; hi++) {
      while ((reconnects[lo]?.t ?? Infinity) <= reconnects[hi]!.t - STORM_WINDOW_MS) lo++;
      if (hi - lo + 1 > peak) {
        peak = hi - lo + 1;
        peakAt = reconnects[lo]!.t;
      }
    }
    const at = (q: number) =>
      reconnects[Math.min(reconnects.length - 1, Math.floor(q * reconnects.length))]?.t ?? 0;
    const attempts = reconnects.reduce((sum, e) => sum + e.attempt, 0);
    const details: Record<string, number> = {
      fleet,
      windowMs: STORM_WINDOW_MS,
      peakPerSecond: peak,
      peakAtT: peakAt,
      reconnects: reconnects.length,
      attempts,
      meanAttempts: reconnects.length > 0 ? attempts / reconnects.length : 0,
      /** how long the middle 80 % of the reconnections took to arrive: a herd's is a few hundred ms */
      spreadP10toP90Ms: at(0.9) - at(0.1),
    };
    const pods = runStart(history)?.pods.map((p) => p.name) ?? [];
    for (const w of windows) {
      if (pods.length === 0 || !pods.every((p) => w.affectedPods.includes(p))) continue;
      const recoveredT = fullRecoveryT(history, w, endT);
      details[`${w.id}.recoveryAfterEndMs`] = recoveredT === null ? -1 : Math.max(0, recoveredT - w.endT);
      details[`${w.id}.recoveryAfterStartMs`] = recoveredT === null ? -1 : recoveredT - w.startT;
    }
    const evidence = new EvidenceList();
    const value = fleet > 0 ? (peak * 100) / fleet : null;
    if (peak > 0) {
      const first = reconnects.find((e) => e.t >= peakAt);
      evidence.add({
        ...(first !== undefined ? { client: first.client } : {}),
        t: peakAt,
        summary: `${peak} of ${fleet} clients reconnected within ${STORM_WINDOW_MS} ms from t=${peakAt}`,
      });
    }
    return {
      value,
      evidence,
      details,
      ...(windows.length === 0
        ? { error: 'the history has no fault window' }
        : fleet === 0
          ? { error: 'the history names no client' }
          : {}),
    };
  },
);

/**
 * First moment at or after the window's start, once the window has disturbed somebody, at which
 * every client that is not closed is connected and caught up; null when that never happens.
 */
function fullRecoveryT(history: readonly HistoryEvent[], w: FaultWindow, endT: number): number | null {
  const tracker = new SessionTracker();
  const clients = knownClients(history);
  const behind = new Set(clients);
  let disturbed = false;
  for (const e of history) {
    if (e.t > endT) break;
    tracker.apply(e);
    if (!('client' in e)) continue;
    if (tracker.isCaughtUp(e.client) || tracker.session(e.client).closedT !== null) behind.delete(e.client);
    else if (clients.has(e.client)) behind.add(e.client);
    if (e.t < w.startT) continue;
    if (behind.size > 0) disturbed = true;
    else if (disturbed) return e.t;
  }
  return null;
}
