import { windowsOf } from './deploy-windows.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * MAX_CONNECTIONS holds per pod under a connection flood (the threshold is the pod's MAX_CONNECTIONS).
 * Per connection-flood window (its target pod): the connections the pod held, followed event by
 * event as the flood's open connections plus the virtual users attached to it, and as the pod's own
 * websocket_connections (metrics.sample). Value: the highest of either, over every window. Unknown
 * without a flood, or when the value is within the limit but no attempt was refused with
 * `server_full` (the flood never reached the limit, or the excess got no clear answer).
 */
export const maxConnectionsEnforced = defineChecker(
  {
    id: 'max-connections-enforced',
    title: 'Connections held by a flooded pod (MAX_CONNECTIONS)',
    unit: 'connections',
    comparison: '<=',
    needs: ['drill-protocol', 'pod-identity'],
    defaultThreshold: 1000,
    source: 'High Memory Usage Option 2: export MAX_CONNECTIONS=1000 (per pod)',
  },
  (history, ctx) => {
    const windows = windowsOf(history, ['connection-flood']);
    if (windows.length === 0) return { value: null, error: 'no connection flood in the history' };
    const evidence = new EvidenceList();
    const details: Record<string, number> = { windows: windows.length };
    const count = (key: string, n = 1) => (details[key] = (details[key] ?? 0) + n);
    let worst = 0;
    let serverFull = 0;
    for (const w of windows) {
      const pod = w.targets.find((t) => t.kind === 'pod')?.name;
      if (pod === undefined) continue;
      const podOf = new Map<string, string | null>();
      let fleetOnPod = 0;
      const floodOpen = new Set<number>();
      let peak = { held: 0, flood: 0, fleet: 0, t: w.startT };
      let sampled = { connections: 0, t: w.startT };
      const move = (client: string, to: string | null) => {
        if (podOf.get(client) === pod) fleetOnPod -= 1;
        if (to === pod) fleetOnPod += 1;
        podOf.set(client, to);
      };
      for (const e of history) {
        if (e.t > w.endT) break;
        if (e.type === 'client.connect' || e.type === 'client.attach') move(e.client, e.pod);
        else if (e.type === 'client.disconnect' || e.type === 'client.closed') move(e.client, null);
        if (e.t < w.startT) continue;
        if (e.type === 'flood.connection' && e.pod === pod) {
          if (e.state === 'open') {
            floodOpen.add(e.index);
            count('floodAccepted');
          } else if (e.state === 'closed') floodOpen.delete(e.index);
          else if (e.state === 'refused') {
            count(`refused:${e.code ?? 'none'}`);
            if (e.code === 'server_full') serverFull += 1;
          } else count(e.state === 'timeout' ? 'timeouts' : 'errors');
        } else if (e.type === 'metrics.sample' && e.pod === pod && e.connections !== null) {
          if (e.connections > sampled.connections) sampled = { connections: e.connections, t: e.t };
        }
        const held = floodOpen.size + fleetOnPod;
        if (held > peak.held) peak = { held, flood: floodOpen.size, fleet: fleetOnPod, t: e.t };
      }
      details[`${w.id}.peak`] = peak.held;
      details[`${w.id}.peakSampled`] = sampled.connections;
      details[`${w.id}.fleetAtPeak`] = peak.fleet;
      worst = Math.max(worst, peak.held, sampled.connections);
      if (peak.held > ctx.threshold)
        evidence.add({
          pod,
          t: peak.t,
          summary: `${pod} held ${peak.held} connections at t=${peak.t} (${peak.flood} of the flood + ${peak.fleet} virtual users), over MAX_CONNECTIONS ${ctx.threshold}`,
        });
      if (sampled.connections > ctx.threshold)
        evidence.add({
          pod,
          t: sampled.t,
          summary: `${pod}'s websocket_connections was ${sampled.connections} at t=${sampled.t}, over MAX_CONNECTIONS ${ctx.threshold}`,
        });
    }
    const error =
      serverFull === 0 && worst <= ctx.threshold
        ? 'no flood attempt was refused with server_full: the flood never reached the limit'
        : undefined;
    return {
      value: worst,
      evidence,
      details: { ...details, refusedServerFull: serverFull },
      ...(error !== undefined ? { error } : {}),
    };
  },
);
