import { finalSyncT } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { windowsOf } from './deploy-windows.js';

/**
 * Every client ends on the new version: after the rolling deploys (fault `rolling-deploy`; its targets
 * are the old pods, the new pods are those recorded `ready` inside its window), each client's last
 * attach before final-sync must be to a new pod. Clients the harness closed are left out. Value:
 * clients on an old pod or on none. Unknown when the history has no rolling deploy.
 */
export const deployFinalVersion = defineChecker(
  {
    id: 'deploy-final-version',
    title: 'Clients not on the new version',
    unit: 'clients',
    comparison: '<=',
    needs: ['pod-identity'],
    defaultThreshold: 0,
    source: 'Steps 2 and 4: the rollout completes and every client is served by a new pod',
  },
  (history) => {
    const windows = windowsOf(history, ['rolling-deploy']);
    if (windows.length === 0) return { value: null, error: 'no rolling-deploy in the history' };
    const old = new Set(windows.flatMap((w) => w.targets.filter((t) => t.kind === 'pod').map((t) => t.name)));
    const fresh = new Set<string>();
    const cutoff = finalSyncT(history);
    const lastPod = new Map<string, string | null>();
    const closed = new Set<string>();
    for (const e of history) {
      if (e.t > cutoff) break;
      if (e.type === 'pod.state' && e.state === 'ready' && !old.has(e.pod)) {
        if (windows.some((w) => e.t >= w.startT && e.t <= w.endT)) fresh.add(e.pod);
      } else if (e.type === 'client.attach') lastPod.set(e.client, e.pod);
      else if (e.type === 'client.connect' && !lastPod.has(e.client)) lastPod.set(e.client, null);
      else if (e.type === 'client.closed') closed.add(e.client);
    }
    const evidence = new EvidenceList();
    const byPod: Record<string, number> = {};
    for (const [client, pod] of lastPod) {
      if (closed.has(client)) continue;
      if (pod !== null) byPod[`on.${pod}`] = (byPod[`on.${pod}`] ?? 0) + 1;
      if (pod !== null && fresh.has(pod)) continue;
      evidence.add({
        client,
        ...(pod !== null ? { pod } : {}),
        summary: `${client} ends on ${pod ?? 'no known pod'}, not one of the new pods (${[...fresh].join(', ') || 'none'})`,
      });
    }
    return {
      value: evidence.total,
      evidence,
      details: { clients: lastPod.size - closed.size, newPods: fresh.size, ...byPod },
    };
  },
);
