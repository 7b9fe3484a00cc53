import type { FaultType } from './fault.js';
import { killRecorded, restartRecorded } from './pod-lifecycle.js';

/**
 * Runbook severity P0 "Complete service outage (All pods down)": every gateway pod is killed at
 * once (SIGKILL); heal restarts them all, as the orchestrator would, and resolves when each one's
 * /health answers 200. Target: {pod: 'all'}.
 */
export const completeOutage: FaultType = {
  name: 'complete-outage',
  description: 'SIGKILL every gateway pod; heal restarts them all',
  requires: ['pod.kill', 'pod.start'],
  create(target, _params, ctx) {
    if (!('pod' in target) || target.pod !== 'all') {
      throw new Error(`complete-outage targets {pod: 'all'}, got ${JSON.stringify(target)}`);
    }
    const pods = ctx.topology.pods.map((p) => p.name);
    return {
      targets: pods.map((name) => ({ kind: 'pod' as const, name })),
      affectedPods: pods,
      unreadyPods: pods,
      async inject() {
        await Promise.all(pods.map((pod) => killRecorded(ctx, pod)));
      },
      async heal() {
        await Promise.all(pods.map((pod) => restartRecorded(ctx, pod)));
      },
    };
  },
};
