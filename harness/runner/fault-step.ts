// One planned fault step at run time: wait for its planned target (or skip, recorded), inject,
// hold, heal. Every step of a run shares one context; steps run concurrently, each at its time.
import { FAULTS, type FaultContext } from '../faults/index.js';
import type { FaultPlanStep, FaultTarget } from '../history/events.js';
import type { HistorySink } from '../load/history-sink.js';
import { sleep } from '../load/sleep.js';
import { awaitTarget, type PodClaims, targetDown } from './target-wait.js';

export interface FaultStepContext {
  /** What every fault gets (topology, seeded randomness, history, tokens, time scale). */
  fault: FaultContext;
  sink: HistorySink;
  /** Pods a step is injecting or healing: a later step on them waits. */
  claims: PodClaims;
  /** Health probes: pods a fault takes out of readiness on purpose. */
  prober: { expectUnready(pods: readonly string[]): () => void };
  /** Registers a heal to run at teardown (also on abort); the returned function unregisters it. */
  onTeardown(label: string, heal: () => Promise<void>): () => void;
  /** Labels of the faults in force, for the progress display. */
  activeFaults: Set<string>;
  /** The run's monotonic clock, ms. */
  now(): number;
  /** Scaled length of the observation window: no step waits or holds past it. */
  observeMs: number;
  signal?: AbortSignal;
}

export async function runFaultStep(step: FaultPlanStep, ctx: FaultStepContext): Promise<void> {
  const { id } = step;
  const { sink, signal } = ctx;
  await sleep(step.plannedAt, signal);
  if (signal?.aborted) return;
  const type = FAULTS[step.fault];
  if (!type) throw new Error(`unknown fault ${step.fault}`);
  // The planned target, as drawn before the run: when it is down now, wait or skip as the step
  // says, recorded; never a re-draw. The wait ends with the observation window at the latest.
  const waitLimit =
    step.ifTargetDown === 'skip' ? 0 : Math.min(step.maxWaitMs, Math.max(0, ctx.observeMs - step.plannedAt));
  const wait = await awaitTarget(() => targetDown(step, ctx.fault.topology, ctx.claims.busyWith), waitLimit, {
    now: ctx.now,
    ...(signal ? { signal } : {}),
  });
  if (signal?.aborted) return;
  if (!wait.up) {
    const reason = wait.reason ?? 'target down';
    sink.record({ type: 'fault.skipped', id, fault: step.fault, waitedMs: wait.waitedMs, reason });
    return;
  }
  if (wait.reason !== null) {
    sink.record({
      type: 'fault.waited',
      id,
      fault: step.fault,
      waitedMs: wait.waitedMs,
      reason: wait.reason,
    });
  }
  // Taken at once (no await since the look), so no other step acts on these pods meanwhile.
  const injecting = ctx.claims.hold(step.pods, `${id} is being injected`);
  try {
    // A concrete selector ({pod: 'pod-b'}, {zone: 'a'}, …), never `random`; a podOfClient target
    // is still looked up now, on purpose: it follows a client wherever it is.
    const instance = type.create(step.target, { ...step.params }, ctx.fault);
    const label = `${id} (${instance.targets.map((t: FaultTarget) => t.name).join(', ')})`;
    const ready = ctx.prober.expectUnready(instance.unreadyPods);
    sink.record({
      type: 'fault.start',
      id,
      fault: step.fault,
      targets: instance.targets,
      affectedPods: instance.affectedPods,
      ...(Object.keys(step.params).length > 0 ? { params: step.params } : {}),
      plannedAt: step.plannedAt,
    });
    ctx.activeFaults.add(label);
    const ownPods = [
      ...new Set([
        ...step.pods,
        ...instance.affectedPods,
        ...instance.targets.filter((t) => t.kind === 'pod').map((t) => t.name),
      ]),
    ];
    let healed = false;
    const heal = async () => {
      if (healed) return;
      healed = true;
      sink.record({ type: 'fault.healing', id, fault: step.fault });
      const healing = ctx.claims.hold(ownPods, `${id} is healing it`);
      try {
        await instance.heal();
      } finally {
        healing();
      }
      ready();
      ctx.activeFaults.delete(label);
      sink.record({ type: 'fault.end', id, fault: step.fault });
    };
    const settle = ctx.onTeardown(`heal ${label}`, heal);
    await instance.inject();
    injecting();
    sink.record({ type: 'fault.injected', id, fault: step.fault });
    // healAfter counts from the injection; absent, the fault holds to the end of observation.
    const healAt = step.healAfter ?? Math.max(0, ctx.observeMs - step.plannedAt - wait.waitedMs);
    await sleep(healAt, signal);
    settle();
    await heal();
  } finally {
    injecting();
  }
}
