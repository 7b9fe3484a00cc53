// The fault plan: everything a seed decides about a scenario's faults (times, concrete targets,
// parameters), drawn before the run over the topology the scenario will have, never from live state.
import { plannedPods } from '../env/pod-names.js';
import type { FaultPlan, FaultPlanStep, PlannedTarget } from '../history/events.js';
import { forkSeed, seededRandom, type Random } from '../load/random.js';
import type { ScenarioDefinition } from './scenario.js';

export type PlannedPod = { name: string; zone: string };
export type PlannedFaults = Omit<FaultPlan, 't' | 'type'>;

/** Default bound of a step's wait for its target (`ifTargetDown: 'wait'`), runbook seconds (scaled). */
export const DEFAULT_MAX_WAIT_SECONDS = 60;
/**
 * The default bound is never below this many real ms: a pod's restart takes real seconds (process
 * start, readiness) whatever the time scale.
 */
export const MIN_MAX_WAIT_MS = 10_000;

/** The zones that hold at least one planned pod, in the scenario's order. */
function zonesWithPods(pods: readonly PlannedPod[]): string[] {
  return [...new Set(pods.map((p) => p.zone))];
}

/**
 * A selector made concrete over `pods`: `{pod: 'random'}` draws one of the planned pods, `{zone:
 * 'random'}` one of the zones that has pods, each with one draw of `random`; anything else is
 * returned as it is (after checking a named pod or zone exists). `podOfClient` is not resolved here:
 * which pod serves a client (a browser page) is live state by definition.
 */
export function resolveTarget(
  target: PlannedTarget,
  pods: readonly PlannedPod[],
  random: Random,
): PlannedTarget {
  const pick = <T>(items: readonly T[], what: string): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error(`no ${what} to draw from`);
    return item;
  };
  if ('pod' in target) {
    if (target.pod === 'random') return { pod: pick(pods, 'pod').name };
    if (target.pod !== 'all' && !pods.some((p) => p.name === target.pod)) {
      throw new Error(`no pod named ${target.pod}; pods: ${pods.map((p) => p.name).join(', ')}`);
    }
    return { pod: target.pod };
  }
  if ('zone' in target) {
    const zones = zonesWithPods(pods);
    if (target.zone === 'random') return { zone: pick(zones, 'zone with pods') };
    if (!zones.includes(target.zone)) {
      throw new Error(`no pod in zone ${target.zone}; zones with pods: ${zones.join(', ')}`);
    }
    return { zone: target.zone };
  }
  return target;
}

/** The planned pods a concrete target covers ('all': every one; a zone: its pods; links, components: none). */
export function podsOf(target: PlannedTarget, pods: readonly PlannedPod[]): string[] {
  if ('pod' in target) return target.pod === 'all' ? pods.map((p) => p.name) : [target.pod];
  if ('zone' in target) return pods.filter((p) => p.zone === target.zone).map((p) => p.name);
  return [];
}

/**
 * The fault plan of `scenario` with `seed` at `timeScale` (pure). Each step draws from a stream of its
 * own (forked from the seed and the step's number), so editing one step does not move another's
 * target. Throws when a target cannot exist in the planned topology.
 */
export function planFaults(
  scenario: ScenarioDefinition,
  seed: number,
  timeScale: number,
  /** The pods of a system that already runs (Provider.existingPods); default: the scenario's planned pods. */
  existingPods?: readonly PlannedPod[],
): PlannedFaults {
  const scaled = (runbookSeconds: number) => Math.round(runbookSeconds * 1000 * timeScale);
  const pods = existingPods
    ? [...existingPods]
    : plannedPods(scenario.topology.pods, scenario.topology.zones);
  const steps = scenario.faults.map((step, i): FaultPlanStep => {
    const id = `${step.fault}-${i + 1}`;
    let target: PlannedTarget;
    try {
      target = resolveTarget(step.target, pods, seededRandom(forkSeed(seed, `fault-plan/${i + 1}`)));
    } catch (error) {
      throw new Error(`${scenario.name}: fault ${id}: ${(error as Error).message}`);
    }
    return {
      id,
      fault: step.fault,
      plannedAt: scaled(step.at),
      healAfter: step.healAfter === undefined ? null : scaled(step.healAfter),
      target,
      pods: podsOf(target, pods),
      params: { ...(step.params ?? {}) },
      ifTargetDown: step.ifTargetDown ?? 'wait',
      maxWaitMs:
        step.maxWait === undefined
          ? Math.max(MIN_MAX_WAIT_MS, scaled(DEFAULT_MAX_WAIT_SECONDS))
          : scaled(step.maxWait),
    };
  });
  return { seed, timeScale, pods, steps };
}
