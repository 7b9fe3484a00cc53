import { resolvePod, type FaultType } from './fault.js';
import { killRecorded, restartRecorded } from './pod-lifecycle.js';

/**
 * Runbook "Scenario 1: Single Pod Failure": the pod dies at once (SIGKILL: no drain, no FIN from
 * the application). Heal is the orchestrator's restart: a new process on the same address.
 */
export const podKill: FaultType = {
  name: 'pod-kill',
  description: 'SIGKILL one gateway pod; heal restarts it',
  requires: ['pod.kill', 'pod.start'],
  create(target, _params, ctx) {
    const pod = resolvePod(target, ctx);
    return {
      targets: [{ kind: 'pod', name: pod }],
      affectedPods: [pod],
      unreadyPods: [pod],
      inject: () => killRecorded(ctx, pod),
      heal: () => restartRecorded(ctx, pod),
    };
  },
};
