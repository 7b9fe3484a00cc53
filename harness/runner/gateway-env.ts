// What a run gives the pods and the load balancer: the scenario's runbook timings scaled by
// --time-scale, as placeholder values the target's env template maps to its variables. One place, so
// that a stack started from docker-compose.yml runs exactly what `drill run` would boot
// (scripts/generate-compose.ts renders it from these).
import type { LoadBalancerSettings, PodSpec, TopologySpec } from '../env/provider.js';
import type { PlaceholderValues } from '../targets/env-template.js';
import { podSpecOf, servicesOf } from '../targets/resolve.js';
import type { Target } from '../targets/target.js';
import type { ScenarioDefinition } from './scenario.js';

type Timed = Pick<ScenarioDefinition, 'gateway' | 'gatewayEnv'>;

export interface GatewayEnvOptions {
  timeScale: number;
  /** the run's client count (MAX_CONNECTIONS is at least that) */
  clients: number;
  /** the secret the run's tokens are signed with */
  jwtSecret: string;
  /** defect switches: the {defects} placeholder */
  sutDefects?: string;
}

/** The gateway's default presence TTL (heartbeat + grace), unless the scenario sets its own. */
export function presenceTtlMs(scenario: Timed, timeScale: number): number {
  const g = scenario.gateway;
  return Number(
    scenario.gatewayEnv?.PRESENCE_TTL_MS ??
      Math.max(100, Math.round(g.pingIntervalMs * timeScale)) +
        Math.max(100, Math.round(g.pingTimeoutMs * timeScale)),
  );
}

/**
 * The run's placeholder values (targets/env-template.ts): the scenario's runbook timings scaled by
 * the time scale, the secret, the connection limit and the defect switches. Which variable each
 * fills is the target's env template.
 */
export function scenarioValues(scenario: Timed, opts: GatewayEnvOptions): PlaceholderValues {
  const g = scenario.gateway;
  const { timeScale } = opts;
  const scaled = (runbookSeconds: number) => Math.round(runbookSeconds * 1000 * timeScale);
  return {
    pingIntervalMs: String(Math.max(100, Math.round(g.pingIntervalMs * timeScale))),
    pingTimeoutMs: String(Math.max(100, Math.round(g.pingTimeoutMs * timeScale))),
    drainTimeoutMs: String(Math.round(g.drainTimeoutMs * timeScale)),
    terminationGraceMs: String(Math.max(1_000, Math.round(g.terminationGraceMs * timeScale))),
    checkIntervalMs: String(Math.max(100, scaled(5))),
    jwtSecret: opts.jwtSecret,
    maxConnections: String(Math.max(1000, opts.clients)),
    presenceTtlMs: String(presenceTtlMs(scenario, timeScale)),
    defects: opts.sutDefects ?? '',
  };
}

/** How the target's pods start in a run of the scenario: its launch, the values, the scenario's own variables. */
export function podSpecFor(target: Target, scenario: Timed, opts: GatewayEnvOptions): PodSpec {
  return podSpecOf(target, scenarioValues(scenario, opts), scenario.gatewayEnv);
}

/** The topology a run of the scenario boots for the target (logDir and seed aside). */
export function topologySpecFor(
  target: Target,
  scenario: Timed & Pick<ScenarioDefinition, 'topology' | 'loadBalancer'>,
  opts: GatewayEnvOptions & { logDir: string; seed?: number },
): TopologySpec {
  return {
    pods: scenario.topology.pods,
    zones: [...scenario.topology.zones],
    services: servicesOf(target, scenario),
    databaseZone: scenario.topology.databaseZone,
    timeScale: opts.timeScale,
    logDir: opts.logDir,
    pod: podSpecFor(target, scenario, opts),
    loadBalancer: loadBalancerFor(scenario, opts.timeScale, target),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
  };
}

/** The load balancer's settings for a run. */
export function loadBalancerFor(
  scenario: Pick<ScenarioDefinition, 'loadBalancer'>,
  timeScale: number,
  target?: Target,
): LoadBalancerSettings {
  const lb = scenario.loadBalancer;
  // A target that takes no affinity cookie, or no websocket upgrade, never gets one.
  const wants = target?.definition.loadBalancer ?? { affinityCookie: true, upgrade: true };
  return {
    affinity: (lb.affinity ?? true) && wants.affinityCookie,
    allowUpgrade: (lb.allowUpgrade ?? true) && wants.upgrade,
    checkIntervalMs: Math.max(100, Math.round(lb.checkIntervalMs * timeScale)),
    tunnelTimeoutMs: Math.max(1_000, Math.round(lb.tunnelTimeoutMs * timeScale)),
  };
}
