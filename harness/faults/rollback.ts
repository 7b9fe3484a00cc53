import type { FaultType } from './fault.js';
import { addRecorded, nextPodNames, removeRecorded, runningPods, scalable } from './pod-lifecycle.js';
import { envParam } from './rolling-deploy.js';

/**
 * A version that cannot become ready: its database endpoint is a closed loopback port, so the gateway
 * retries its migrations without ever listening (and gives up after 30 s). Readiness fails, as with a
 * bad image, a wrong secret or a missing migration.
 */
export const BAD_VERSION_ENV = {
  GATEWAY_VERSION: 'v2-bad',
  DATABASE_URL: 'postgres://postgres@127.0.0.1:1/chat',
} as const;

/**
 * Runbook "Rollback Procedure" (`kubectl rollout undo`): a rolling deploy of a bad version (surge 1,
 * unavailable 0) whose first new pod never becomes ready; the rollout deadline (the provider's
 * readiness gate: boot allowance + 4 load-balancer check intervals) catches it and the bad pod is
 * removed, recorded `started` then `killed`. Old pods are never touched, so no client should notice.
 * Should the bad version become ready after all, the rollout goes on as a real one would: one old
 * pod is replaced (`terminating`/`exited`), and heal rolls back by removing the bad pod — the
 * rollback checker then reports the clients it served.
 */
export const rollback: FaultType = {
  name: 'rollback',
  description: 'deploy a version that fails readiness; the rollout is caught and rolled back',
  requires: ['pod.terminate', 'pod.start'],
  create(_target, params, ctx) {
    const topology = scalable(ctx.topology, 'rollback');
    const env = envParam(params, BAD_VERSION_ENV);
    const old = runningPods(topology);
    const [bad] = nextPodNames(topology, 1) as [string];
    let badIsUp = false;
    return {
      targets: [{ kind: 'pod', name: bad }],
      // No client should be disturbed: a bad version never gets traffic.
      affectedPods: [],
      unreadyPods: [bad],
      params: { env, badPod: bad },
      async inject() {
        try {
          await addRecorded(ctx, topology, bad, { env });
        } catch (error) {
          // Caught by the rollout deadline; the provider already stopped it. Rolled back.
          ctx.sink.record({ type: 'pod.state', pod: bad, state: 'killed', exitCode: null });
          ctx.sink.record({
            type: 'note',
            level: 'info',
            message: `rollback: ${bad} never became ready; rolled back (${(error as Error).message.split('\n')[0]})`,
          });
          return;
        }
        // The bad version passed readiness: the rollout proceeds, replacing one old pod.
        badIsUp = true;
        const victim = old[0];
        if (victim !== undefined) await removeRecorded(ctx, topology, victim);
      },
      async heal() {
        if (!badIsUp) return;
        badIsUp = false;
        await removeRecorded(ctx, topology, bad);
      },
    };
  },
};
