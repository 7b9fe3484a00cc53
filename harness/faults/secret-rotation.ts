import { newSecret } from '../targets/token-issuer.js';
import { runProbes } from './auth-probes.js';
import type { FaultContext, FaultType } from './fault.js';
import { addRecorded, nextPodNames, removeRecorded, runningPods, scalable } from './pod-lifecycle.js';
import { numberParam } from './fault-params.js';

type Scalable = ReturnType<typeof scalable>;

/**
 * A rolling restart onto `env`: `surge` new pods (in the zones of the pods they replace) must be UP in
 * the load balancer before those old pods get their SIGTERM and drain; then the next batch.
 */
async function rollTo(
  ctx: FaultContext,
  topology: Scalable,
  old: readonly string[],
  fresh: readonly string[],
  env: Record<string, string>,
  surge: number,
): Promise<void> {
  const zoneOf = new Map(topology.pods.map((p) => [p.name, p.zone]));
  for (let i = 0; i < old.length; i += surge) {
    const batch = old.slice(i, i + surge);
    await Promise.all(
      batch.map((pod, j) => {
        const zone = zoneOf.get(pod);
        return addRecorded(ctx, topology, fresh[i + j]!, { env, ...(zone ? { zone } : {}) });
      }),
    );
    await Promise.all(batch.map((pod) => removeRecorded(ctx, topology, pod)));
  }
}

/**
 * Realtime runbook "Security Incident › 3. Rotate secrets", done the way that keeps every client in:
 * the runbook deletes the secret and creates a new one, and pods read JWT_SECRET at start, so the new
 * secret reaches them by a rolling restart. Swapping it in one step would refuse every client that
 * reconnects with a new token to a pod still on the old secret (and the SDK gives up after three
 * refusals), so the rotation has two phases:
 *   1. every pod is replaced by one accepting [new, old] (JWT_SECRET=new, JWT_SECRETS=old) → `accept-both`;
 *   2. the run's token issuer signs with the new secret: every later connection attempt of every
 *      client fetches a new-secret token → `issuer-switched`;
 *   3. every pod is replaced again by one accepting the new secret only → `old-retired`; draining the
 *      phase-1 pods makes every client reconnect, re-authenticated with a new-secret token;
 *   4. probes present a token signed with the old secret, through the load balancer and at every pod
 *      (each must be refused), next to a valid new-secret control (must be accepted).
 * Each phase is a rolling restart with surge `surge` and unavailable 0 (pod.state events as in
 * rolling-deploy). Every pod it replaces is a target, affected and expected unready while it drains.
 * Heal does nothing: the new secret stays.
 *
 * params: `surge` (pods replaced at once, default 1); `keepOldSecret` (default false): the
 * misconfiguration of leaving the old secret in JWT_SECRETS after phase 3, so old tokens still pass;
 * `abrupt` (default false): the runbook's commands taken literally, the mistake the phases avoid:
 * the issuer switches first and one rolling restart puts the new secret alone on every pod.
 */
export const secretRotation: FaultType = {
  name: 'secret-rotation',
  description: 'rotate the JWT secret: pods accept [new, old], issuer switches, pods accept new only',
  requires: ['pod.terminate', 'pod.start'],
  // It rotates the JWT secret and probes old tokens with raw handshakes.
  needs: ['jwt-auth', 'drill-protocol'],
  create(_target, params, ctx) {
    const topology = scalable(ctx.topology, 'secret-rotation');
    const tokens = ctx.tokens;
    if (tokens === undefined) throw new Error('secret-rotation needs the run token issuer (ctx.tokens)');
    const surge = numberParam('secret-rotation', params, 'surge', 1, { min: 1, integer: true });
    const keepOld = params.keepOldSecret === true;
    const abrupt = params.abrupt === true;
    const original = runningPods(topology);
    const names = nextPodNames(topology, 2 * original.length);
    const bridge = names.slice(0, original.length);
    const final = names.slice(original.length);
    const replaced = [...original, ...bridge];
    const pods = () => runningPods(topology);
    return {
      targets: original.map((name) => ({ kind: 'pod' as const, name })),
      affectedPods: replaced,
      unreadyPods: replaced,
      params: { surge, keepOldSecret: keepOld, abrupt, bridgePods: bridge, finalPods: final },
      async inject() {
        const old = tokens.current;
        const next = newSecret();
        const switchIssuer = () => {
          tokens.rotate(next);
          ctx.sink.record({ type: 'secret.rotation', step: 'issuer-switched', pods: pods() });
        };
        if (abrupt) {
          switchIssuer();
          await rollTo(ctx, topology, original, bridge, { JWT_SECRET: next }, surge);
        } else {
          await rollTo(ctx, topology, original, bridge, { JWT_SECRET: next, JWT_SECRETS: old }, surge);
          ctx.sink.record({ type: 'secret.rotation', step: 'accept-both', pods: pods() });
          switchIssuer();
          const finalEnv = { JWT_SECRET: next, JWT_SECRETS: keepOld ? old : '' };
          await rollTo(ctx, topology, bridge, final, finalEnv, surge);
        }
        ctx.sink.record({ type: 'secret.rotation', step: 'old-retired', pods: pods() });
        await runProbes(ctx, { kinds: ['valid', 'old-secret'], rounds: 1, victim: 'vu-00000' });
      },
      async heal() {},
    };
  },
};
