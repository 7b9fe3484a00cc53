// Shared steps of the deploy and scaling faults: an orchestrator's graceful pod removal and its pod
// additions, each recorded as pod.state events so the checkers can follow the timeline.
import { podName } from '../env/pod-names.js';
import type { ExitStatus, Topology } from '../env/provider.js';
import type { FaultContext } from './fault.js';

type Scalable = Topology & {
  addPod: NonNullable<Topology['addPod']>;
  removePod: NonNullable<Topology['removePod']>;
};

/** The topology, if its provider can add and remove pods; else a loud error naming the fault. */
export function scalable(topology: Topology, fault: string): Scalable {
  if (typeof topology.addPod !== 'function' || typeof topology.removePod !== 'function') {
    throw new Error(`${fault} needs a provider that can add and remove pods (${topology.provider} cannot)`);
  }
  return topology as Scalable;
}

/** `count` pod names after the ones the topology has (or had: links outlive nothing, names are not reused). */
export function nextPodNames(topology: Topology, count: number): string[] {
  const taken = new Set(topology.pods.map((p) => p.name));
  for (const link of topology.links)
    taken.add(link.split('->').find((part) => part.startsWith('pod-')) ?? '');
  const names: string[] = [];
  for (let i = 0; names.length < count; i++) {
    const name = podName(i);
    if (!taken.has(name)) names.push(name);
  }
  return names;
}

export function runningPods(topology: Topology): string[] {
  return topology.pods.map((p) => p.name).filter((p) => topology.isPodRunning(p));
}

/** SIGKILL, recorded: the process dies at once with no drain. */
export async function killRecorded(ctx: FaultContext, pod: string): Promise<void> {
  const exit = await ctx.topology.killPod(pod);
  ctx.sink.record({ type: 'pod.state', pod, state: 'killed', exitCode: exit.code });
}

/** The orchestrator's replacement of a dead pod: a new process on the same address, recorded. */
export async function restartRecorded(ctx: FaultContext, pod: string): Promise<void> {
  if (ctx.topology.isPodRunning(pod)) return;
  ctx.sink.record({ type: 'pod.state', pod, state: 'started' });
  await ctx.topology.startPod(pod);
  ctx.sink.record({ type: 'pod.state', pod, state: 'ready' });
}

/**
 * SIGTERM as an orchestrator deleting the pod (SIGKILL only after the termination grace), recorded:
 * `terminating` at the signal, then `exited` with the exit code, or `killed` when the grace ran out
 * or a signal ended it.
 */
export async function terminateRecorded(ctx: FaultContext, pod: string): Promise<ExitStatus> {
  ctx.sink.record({ type: 'pod.state', pod, state: 'terminating' });
  const exit = await ctx.topology.terminatePod(pod);
  const forced = exit.signal !== null || exit.code === null;
  ctx.sink.record({ type: 'pod.state', pod, state: forced ? 'killed' : 'exited', exitCode: exit.code });
  return exit;
}

/** Graceful removal: terminateRecorded, then the pod leaves the load balancer and the topology. */
export async function removeRecorded(
  ctx: FaultContext,
  topology: Scalable,
  pod: string,
): Promise<ExitStatus> {
  const exit = await terminateRecorded(ctx, pod);
  await topology.removePod(pod);
  return exit;
}

/** A new pod, recorded `started` then `ready` (UP in the load balancer). Rejects when it never got ready. */
export async function addRecorded(
  ctx: FaultContext,
  topology: Scalable,
  pod: string,
  options: { zone?: string; env?: Record<string, string> } = {},
): Promise<void> {
  ctx.sink.record({ type: 'pod.state', pod, state: 'started' });
  await topology.addPod({ name: pod, ...options });
  ctx.sink.record({ type: 'pod.state', pod, state: 'ready' });
}
