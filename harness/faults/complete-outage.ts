import type { FaultType } from './fault.js';

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
        await Promise.all(
          pods.map(async (pod) => {
            const exit = await ctx.topology.killPod(pod);
            ctx.sink.record({ type: 'pod.state', pod, state: 'killed', exitCode: exit.code });
          }),
        );
      },
      async heal() {
        await Promise.all(
          pods.map(async (pod) => {
            if (ctx.topology.isPodRunning(pod)) return;
            ctx.sink.record({ type: 'pod.state', pod, state: 'started' });
            await ctx.topology.startPod(pod);
            ctx.sink.record({ type: 'pod.state', pod, state: 'ready' });
          }),
        );
      },
    };
  },
};
