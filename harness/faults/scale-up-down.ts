import { numberParam } from './fault-params.js';
import type { FaultType } from './fault.js';
import { addRecorded, nextPodNames, removeRecorded, runningPods, scalable } from './pod-lifecycle.js';

/** Pods removed by each scale-down step: half of them, never below the floor. */
export function scaleDownSteps(from: number, floor: number): number[] {
  const steps: number[] = [];
  let count = from;
  while (count > floor) {
    const remove = Math.min(Math.max(1, Math.floor(count / 2)), count - floor);
    steps.push(remove);
    count -= remove;
  }
  return steps;
}

function orderParam(params: Record<string, unknown>): 'oldest' | 'newest' {
  const value = params.removeOrder ?? 'oldest';
  if (value !== 'oldest' && value !== 'newest')
    throw new Error(`params.removeOrder must be 'oldest' or 'newest', got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Runbook "Scaling Best Practices": scale up is aggressive (inject doubles the pods at once, capped at
 * maxReplicas 10), scale down conservative (heal, after the scenario's healAfter — the runbook's 5
 * minutes — removes 50 % at a time, never below minReplicas 3 nor below the size it started from;
 * each halving starts once the previous one's pods have exited). Removed pods drain gracefully
 * (SIGTERM, server_shutdown, exit). Which pods go is params.removeOrder: 'oldest' (default) removes
 * the pods that were there before the scale-up — they hold the connections, since websockets stay
 * where they are when pods are added, so their clients must re-home through the drain; 'newest'
 * removes the added pods first (nearly idle: a weaker test). Targets are the added and the removed
 * pods; the removed ones are affected and expected unready while they drain.
 */
export const scaleUpDown: FaultType = {
  name: 'scale-up-down',
  description: 'double the pods under load, then scale down 50 % at a time (min 3) with graceful drains',
  requires: ['pod.terminate', 'pod.start'],
  create(_target, params, ctx) {
    const topology = scalable(ctx.topology, 'scale-up-down');
    const minReplicas = numberParam('scale-up-down', params, 'minReplicas', 3, { min: 1, integer: true });
    const maxReplicas = numberParam('scale-up-down', params, 'maxReplicas', 10, { min: 1, integer: true });
    const removeOrder = orderParam(params);
    const original = runningPods(topology);
    const target = Math.max(original.length, Math.min(maxReplicas, original.length * 2));
    const added = nextPodNames(topology, target - original.length);
    const floor = Math.max(minReplicas, original.length);
    const order =
      removeOrder === 'oldest'
        ? [...original, ...added]
        : [...added].reverse().concat([...original].reverse());
    const steps: string[][] = [];
    let next = 0;
    for (const count of scaleDownSteps(target, floor)) {
      steps.push(order.slice(next, next + count));
      next += count;
    }
    const removed = steps.flat();
    return {
      targets: [...new Set([...added, ...removed])].map((name) => ({ kind: 'pod' as const, name })),
      affectedPods: removed,
      unreadyPods: removed,
      params: { from: original.length, to: target, floor, added, steps },
      async inject() {
        await Promise.all(added.map((pod) => addRecorded(ctx, topology, pod)));
      },
      async heal() {
        for (const step of steps) {
          const victims = step.filter((pod) => topology.pods.some((p) => p.name === pod));
          await Promise.all(victims.map((pod) => removeRecorded(ctx, topology, pod)));
        }
      },
    };
  },
};
