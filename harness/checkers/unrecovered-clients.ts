import { finalSyncT, knownClients, SessionTracker } from '../history/derive.js';
import type { Evidence } from './types.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * Clients that, at the start of 'final-sync' (else at the run's end), are not connected with
 * every joined room resumed on the current connection; clients the harness closed before then
 * are left out. Every client the history mentions is judged, so one that never connected counts.
 */
export const unrecoveredClients = defineChecker(
  {
    id: 'unrecovered-clients',
    title: 'Unrecovered clients',
    unit: 'clients',
    comparison: '<=',
    defaultThreshold: 0,
    source: 'Scenario 1 expected behaviour 3: clients reconnect automatically',
  },
  (history) => {
    const cutoffT = finalSyncT(history);
    const tracker = new SessionTracker();
    for (const e of history) {
      if (e.t > cutoffT) break;
      tracker.apply(e);
    }
    const evidence = new EvidenceList();
    let judged = 0;
    let closed = 0;
    let neverConnected = 0;
    let notReconnected = 0;
    let notResumed = 0;
    for (const client of knownClients(history)) {
      const s = tracker.session(client);
      if (s.closedT !== null) {
        closed += 1;
        continue;
      }
      judged += 1;
      if (tracker.isCaughtUp(client)) continue;
      const d = s.lastDisconnect;
      let found: Evidence;
      if (s.connected) {
        notResumed += 1;
        found = {
          client,
          ...(s.lastConnectT !== null ? { t: s.lastConnectT } : {}),
          summary: `${client} reconnected at t=${s.lastConnectT} but ${[...s.pending].join(', ')} never resumed`,
        };
      } else if (d !== null) {
        notReconnected += 1;
        found = {
          client,
          t: d.t,
          ...(d.pod !== null ? { pod: d.pod } : {}),
          summary: `${client} left ${d.pod ?? 'its pod'} at t=${d.t} (${d.reason}) and was not back by t=${cutoffT}`,
        };
      } else {
        neverConnected += 1;
        found = { client, summary: `${client} never connected by t=${cutoffT}` };
      }
      evidence.add(found);
    }
    return {
      value: evidence.total,
      evidence,
      details: { judged, closedBeforeCutoff: closed, neverConnected, notReconnected, notResumed, cutoffT },
    };
  },
);
