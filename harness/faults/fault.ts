import type { FaultPrimitive, Topology } from '../env/provider.js';
import type { FaultTarget } from '../history/events.js';
import type { HistorySink } from '../load/history-sink.js';
import type { Random } from '../load/random.js';
import type { TokenIssuer } from '../runner/token-issuer.js';

/** Which component a scenario step aims at; `random` picks with the run's seed. */
export type TargetSelector =
  | { pod: string | 'random' | 'all' }
  | { zone: string }
  | { link: string }
  | { component: 'redis' | 'database' | 'load-balancer' }
  /** The pod serving a given client when the fault starts (e.g. a browser page). */
  | { podOfClient: string };

export interface FaultContext {
  topology: Topology;
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
  create(target: TargetSelector, params: Record<string, unknown>, ctx: FaultContext): FaultInstance;
}

export function resolvePod(target: TargetSelector, ctx: FaultContext): string {
  if ('podOfClient' in target) {
    const pod = ctx.podOf?.(target.podOfClient);
    if (!pod) throw new Error(`${target.podOfClient} is not connected to any pod`);
    return pod;
  }
  if (!('pod' in target)) throw new Error(`this fault targets a pod, got ${JSON.stringify(target)}`);
  const running = ctx.topology.pods.map((p) => p.name).filter((p) => ctx.topology.isPodRunning(p));
  if (target.pod === 'random') {
    const pick = running[Math.floor(ctx.random() * running.length)];
    if (!pick) throw new Error('no running pod to target');
    return pick;
  }
  if (!ctx.topology.pods.some((p) => p.name === target.pod)) {
    throw new Error(`no pod named ${target.pod}; pods: ${ctx.topology.pods.map((p) => p.name).join(', ')}`);
  }
  return target.pod;
}
