// What a run gives the gateways and the load balancer: the scenario's runbook timings scaled by
// --time-scale. One place, so that a stack started from docker-compose.yml runs exactly what
// `drill run` would boot (scripts/generate-compose.ts renders it from these).
import type { LoadBalancerSettings } from '../env/provider.js';
import type { ScenarioDefinition } from './scenario.js';

type Timed = Pick<ScenarioDefinition, 'gateway' | 'gatewayEnv'>;

export interface GatewayEnvOptions {
  timeScale: number;
  /** the run's client count (MAX_CONNECTIONS is at least that) */
  clients: number;
  /** the secret the run's tokens are signed with */
  jwtSecret: string;
  /** defect switches (SUT_DEFECTS) */
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

/** The environment every gateway pod of a run gets. */
export function gatewayEnvFor(scenario: Timed, opts: GatewayEnvOptions): Record<string, string> {
  const g = scenario.gateway;
  const { timeScale } = opts;
  const scaled = (runbookSeconds: number) => Math.round(runbookSeconds * 1000 * timeScale);
  return {
    PING_INTERVAL_MS: String(Math.max(100, Math.round(g.pingIntervalMs * timeScale))),
    PING_TIMEOUT_MS: String(Math.max(100, Math.round(g.pingTimeoutMs * timeScale))),
    DRAIN_TIMEOUT_MS: String(Math.round(g.drainTimeoutMs * timeScale)),
    TERMINATION_GRACE_MS: String(Math.max(1_000, Math.round(g.terminationGraceMs * timeScale))),
    DB_CHECK_INTERVAL_MS: String(Math.max(100, scaled(5))),
    REDIS_CHECK_INTERVAL_MS: String(Math.max(100, scaled(5))),
    REQUIRE_AUTH: 'true',
    JWT_SECRET: opts.jwtSecret,
    MAX_CONNECTIONS: String(Math.max(1000, opts.clients)),
    LOG_LEVEL: 'info',
    PRESENCE_TTL_MS: String(presenceTtlMs(scenario, timeScale)),
    ...scenario.gatewayEnv,
    ...(opts.sutDefects ? { SUT_DEFECTS: opts.sutDefects } : {}),
  };
}

/** The load balancer's settings for a run. */
export function loadBalancerFor(
  scenario: Pick<ScenarioDefinition, 'loadBalancer'>,
  timeScale: number,
): LoadBalancerSettings {
  const lb = scenario.loadBalancer;
  return {
    affinity: lb.affinity ?? true,
    allowUpgrade: lb.allowUpgrade ?? true,
    checkIntervalMs: Math.max(100, Math.round(lb.checkIntervalMs * timeScale)),
    tunnelTimeoutMs: Math.max(1_000, Math.round(lb.tunnelTimeoutMs * timeScale)),
  };
}
