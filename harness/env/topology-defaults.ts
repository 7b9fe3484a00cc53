// What every provider derives the same way from a TopologySpec: the runbook's load balancer and
// termination grace scaled by the run, the spec's validation, and the names of a pod's links.
import type { LinkName, LoadBalancerSettings, TopologySpec } from './provider.js';
import { podValue } from './pod-env.js';

/** Runbook values, before the time scale. */
export const RUNBOOK_LOAD_BALANCER = {
  affinity: true,
  tunnelTimeoutMs: 80_000,
  checkIntervalMs: 15_000,
  allowUpgrade: true,
} as const satisfies LoadBalancerSettings;

/** Runbook: 45 s between SIGTERM and the orchestrator's SIGKILL. */
const RUNBOOK_TERMINATION_GRACE_MS = 45_000;

/** HAProxy's check interval until every pod passed a first check (then the run's own interval). */
export const BOOT_CHECK_INTERVAL_MS = 250;

export const clientLink = (pod: string): LinkName => `client->${pod}`;
export const redisLink = (pod: string): LinkName => `${pod}->redis`;
export const postgresLink = (pod: string): LinkName => `${pod}->postgres`;

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function validateSpec(spec: TopologySpec): void {
  if (!Number.isInteger(spec.pods) || spec.pods < 1)
    throw new Error(`spec.pods must be ≥ 1, got ${spec.pods}`);
  if (spec.zones.length === 0) throw new Error('spec.zones must name at least one zone');
  if (!(spec.timeScale > 0)) throw new Error(`spec.timeScale must be > 0, got ${spec.timeScale}`);
  if (!spec.logDir) throw new Error('spec.logDir is required');
  if (spec.services.standby && !spec.services.postgres)
    throw new Error('spec.services.standby needs spec.services.postgres');
}

/** The runbook's load balancer scaled by the run, with the spec's own settings over it. */
export function loadBalancerOf(spec: TopologySpec): LoadBalancerSettings {
  return {
    affinity: RUNBOOK_LOAD_BALANCER.affinity,
    allowUpgrade: RUNBOOK_LOAD_BALANCER.allowUpgrade,
    tunnelTimeoutMs: Math.round(RUNBOOK_LOAD_BALANCER.tunnelTimeoutMs * spec.timeScale),
    checkIntervalMs: Math.round(RUNBOOK_LOAD_BALANCER.checkIntervalMs * spec.timeScale),
    // The pods' readiness path, unless it is the check's default.
    ...(spec.pod.readinessPath === '/health' ? {} : { checkPath: spec.pod.readinessPath }),
    ...spec.loadBalancer,
  };
}

/** SIGTERM → SIGKILL: the pods' {terminationGraceMs}, else the runbook's 45 s scaled. */
export function terminationGraceOf(spec: TopologySpec): number {
  const configured = Number(podValue(spec.pod, 'terminationGraceMs'));
  return Number.isFinite(configured) && configured > 0
    ? configured
    : Math.round(RUNBOOK_TERMINATION_GRACE_MS * spec.timeScale);
}
