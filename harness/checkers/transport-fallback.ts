import { knownClients, observedEndT } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * For a path that refuses websocket upgrades (realtime runbook "Connection Not Establishing":
 * "Polling" badge shown instead of "Live"): the share of clients that did NOT end the observed run
 * connected over long-polling and reporting it. A client counts as fallen back when its last
 * client.state before the start of judge/teardown is 'polling' and its last client.connect used the
 * polling transport. Value: % of clients that did not (comparison `<=`, threshold 0: every client).
 * details: clients, endedPolling, endedLive, endedOther, websocketConnects, pollingConnects.
 */
export const transportFallback = defineChecker(
  {
    id: 'transport-fallback',
    title: 'Clients fallen back to long-polling',
    unit: '%',
    comparison: '<=',
    defaultThreshold: 0,
    source:
      'Connection Not Establishing: "Polling" badge shown instead of "Live" — every client polls, and says so',
  },
  (history) => {
    const endT = observedEndT(history);
    const clients = knownClients(history);
    const lastState = new Map<string, { to: string; t: number }>();
    const lastTransport = new Map<string, string | null>();
    let websocketConnects = 0;
    let pollingConnects = 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type === 'client.state') lastState.set(e.client, { to: e.to, t: e.t });
      else if (e.type === 'client.connect') {
        lastTransport.set(e.client, e.transport);
        if (e.transport === 'websocket') websocketConnects += 1;
        else if (e.transport === 'polling') pollingConnects += 1;
      }
    }
    const evidence = new EvidenceList();
    let endedPolling = 0;
    let endedLive = 0;
    for (const client of [...clients].sort()) {
      const state = lastState.get(client);
      const transport = lastTransport.get(client) ?? null;
      if (state?.to === 'polling' && transport === 'polling') {
        endedPolling += 1;
        continue;
      }
      if (state?.to === 'live') endedLive += 1;
      evidence.add({
        client,
        ...(state !== undefined ? { t: state.t } : {}),
        summary: `${client} ended in state '${state?.to ?? 'none'}'${transport !== null ? ` on ${transport}` : ', never connected'} instead of polling`,
      });
    }
    return {
      value: clients.size > 0 ? (evidence.total * 100) / clients.size : null,
      evidence,
      details: {
        clients: clients.size,
        endedPolling,
        endedLive,
        endedOther: clients.size - endedPolling - endedLive,
        websocketConnects,
        pollingConnects,
      },
      ...(clients.size > 0 ? {} : { error: 'no clients in the history' }),
    };
  },
);
