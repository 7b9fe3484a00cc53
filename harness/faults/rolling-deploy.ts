import type { FaultType } from './fault.js';
import { addRecorded, nextPodNames, removeRecorded, runningPods, scalable } from './pod-lifecycle.js';

/** The new version's environment, unless params.env says otherwise (the gateway ignores the variable). */
export const NEW_VERSION_ENV = { GATEWAY_VERSION: 'v2' } as const;

function envParam(params: Record<string, unknown>, fallback: Record<string, string>): Record<string, string> {
  const env = params.env;
  if (env === undefined) return { ...fallback };
  if (typeof env !== 'object' || env === null || Object.values(env).some((v) => typeof v !== 'string'))
    throw new Error(`params.env must map variable names to strings, got ${JSON.stringify(env)}`);
  return { ...(env as Record<string, string>) };
}

export { envParam };

/**
 * Runbook "Zero-Downtime Deployment" (`kubectl set image` + `rollout status`) with the Deployment's
 * rolling update at surge 1, unavailable 0: for each old pod, a new-version pod is started in its zone
 * and must be UP in the load balancer before the old pod gets its SIGTERM and drains; one pod at a
 * time. Every old pod is a target, affected and expected unready (it drains); the new pods are
 * pod-d, pod-e, … (recorded `started`/`ready`), the old ones `terminating` then `exited`. A new pod
 * that never gets ready stops the rollout (the error surfaces; old pods stay). Heal does nothing: the
 * new version stays.
 */
export const rollingDeploy: FaultType = {
  name: 'rolling-deploy',
  description: 'replace every pod with a new version, one at a time (surge 1, unavailable 0)',
  requires: ['pod.terminate', 'pod.start'],
  create(_target, params, ctx) {
    const topology = scalable(ctx.topology, 'rolling-deploy');
    const env = envParam(params, NEW_VERSION_ENV);
    const old = runningPods(topology);
    const fresh = nextPodNames(topology, old.length);
    const zoneOf = new Map(topology.pods.map((p) => [p.name, p.zone]));
    return {
      targets: old.map((name) => ({ kind: 'pod' as const, name })),
      affectedPods: old,
      unreadyPods: old,
      params: { env, newPods: fresh },
      async inject() {
        for (const [i, pod] of old.entries()) {
          const zone = zoneOf.get(pod);
          await addRecorded(ctx, topology, fresh[i]!, { env, ...(zone ? { zone } : {}) });
          await removeRecorded(ctx, topology, pod);
        }
      },
      async heal() {},
    };
  },
};
