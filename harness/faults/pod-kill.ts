import { resolvePod, type FaultType } from './fault.js';

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
      async inject() {
        const exit = await ctx.topology.killPod(pod);
        ctx.sink.record({ type: 'pod.state', pod, state: 'killed', exitCode: exit.code });
      },
      async heal() {
        if (ctx.topology.isPodRunning(pod)) return;
        ctx.sink.record({ type: 'pod.state', pod, state: 'started' });
        await ctx.topology.startPod(pod);
        ctx.sink.record({ type: 'pod.state', pod, state: 'ready' });
      },
    };
  },
};
