import type { FaultPrimitive, Topology } from '../env/provider.js';
import type { Capability } from '../targets/capabilities.js';
import type { FaultTarget } from '../history/events.js';
import type { HistorySink } from '../load/history-sink.js';
import type { Random } from '../load/random.js';
import type { TokenIssuer } from '../targets/token-issuer.js';

/**
 * Which component a scenario step aims at. `random` (a pod, or a zone) is drawn with the run's seed
 * by the fault plan before the run, over the planned topology (runner/fault-plan.ts): a fault's
 * create() is always handed a concrete selector and refuses `random`.
 */
export type TargetSelector =
  | { pod: string | 'random' | 'all' }
  | { zone: string | 'random' }
  | { link: string }
  | { component: 'redis' | 'database' | 'load-balancer' }
  /**
   * The pod serving a given client when the fault starts (e.g. a browser page). Resolved from live
   * state on purpose, at the fault's time: the fault follows the client wherever it is, which no
   * plan can know in advance.
   */
  | { podOfClient: string };

export interface FaultContext {
  topology: Topology;
  /** Seeded randomness inside a fault (e.g. jitter); never its target, which the plan has drawn. */
  random: Random;
  sink: HistorySink;
  /** The pod serving a client now, as its welcome said; null while it is away. */
  podOf?: (client: string) => string | null;
  /** The run's auth service (absent in unit tests that need none). */
  tokens?: TokenIssuer;
  /** The run's --time-scale, for faults that pace themselves in runbook seconds. */
  timeScale?: number;
}

/** An injected fault: the runner calls inject() once and heal() once, also on abort. */
export interface FaultInstance {
  targets: FaultTarget[];
  /** Pods whose clients are expected to be disturbed; everybody else is collateral. */
  affectedPods: string[];
  /** Pods expected to fail readiness while the fault lasts (health-check success ignores them). */
  unreadyPods: string[];
  params?: Record<string, unknown>;
  inject(): Promise<void>;
  heal(): Promise<void>;
}

export interface FaultType {
  name: string;
  description: string;
  requires: readonly FaultPrimitive[];
  /** What the target must offer (e.g. jwt-auth); a scenario with this fault is refused otherwise. */
  needs?: readonly Capability[];
  create(target: TargetSelector, params: Record<string, unknown>, ctx: FaultContext): FaultInstance;
}

/**
 * The one pod a selector names. `podOfClient` is looked up now (live state, on purpose); `random` is
 * refused: the fault plan draws it before the run (runner/fault-plan.ts), never from who runs now.
 */
export function resolvePod(target: TargetSelector, ctx: FaultContext): string {
  if ('podOfClient' in target) {
    const pod = ctx.podOf?.(target.podOfClient);
    if (!pod) throw new Error(`${target.podOfClient} is not connected to any pod`);
    return pod;
  }
  if (!('pod' in target)) throw new Error(`this fault targets a pod, got ${JSON.stringify(target)}`);
  if (target.pod === 'random') {
    throw new Error("{pod: 'random'} must be resolved by the fault plan before the fault is created");
  }
  if (!ctx.topology.pods.some((p) => p.name === target.pod)) {
    throw new Error(`no pod named ${target.pod}; pods: ${ctx.topology.pods.map((p) => p.name).join(', ')}`);
  }
  return target.pod;
}
