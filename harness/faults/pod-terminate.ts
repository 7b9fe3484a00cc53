import { resolvePod, type FaultType } from './fault.js';
import { restartRecorded, terminateRecorded } from './pod-lifecycle.js';

/**
 * Runbook "Graceful Shutdown Sequence": SIGTERM to one pod, as Kubernetes sends it (SIGKILL only if
 * the process outlives the termination grace). Records `terminating` at the signal and `exited`
 * (exit code) or `killed` when it ends. Heal is the orchestrator's replacement: a new process on the
 * same address.
 */
export const podTerminate: FaultType = {
  name: 'pod-terminate',
  description: 'SIGTERM one gateway pod (graceful shutdown, SIGKILL after the grace); heal restarts it',
  requires: ['pod.terminate', 'pod.start'],
  create(target, _params, ctx) {
    const pod = resolvePod(target, ctx);
    return {
      targets: [{ kind: 'pod', name: pod }],
      affectedPods: [pod],
      unreadyPods: [pod],
      async inject() {
        await terminateRecorded(ctx, pod);
      },
      heal: () => restartRecorded(ctx, pod),
    };
  },
};
