import type { ScenarioDefinition } from '../runner/scenario.js';
import type { Misconfiguration } from './cell.js';

/** Load-balancer and topology mistakes the runbooks warn about, as changes to a scenario. */
export const MISCONFIGURATIONS: Readonly<Record<string, Misconfiguration>> = Object.fromEntries(
  [
    {
      name: 'lb-tunnel-below-heartbeat',
      description: 'load-balancer tunnel (idle) timeout 20 s, below the 25 s heartbeat interval',
      apply: (s: ScenarioDefinition) => ({
        ...s,
        loadBalancer: { ...s.loadBalancer, tunnelTimeoutMs: 20_000 },
      }),
    },
    {
      name: 'lb-affinity-off-polling',
      description: 'no cookie affinity at the load balancer while clients long-poll',
      apply: (s: ScenarioDefinition) => ({
        ...s,
        load: { ...s.load, transport: 'polling' as const },
        loadBalancer: { ...s.loadBalancer, affinity: false },
      }),
    },
    {
      name: 'sdk-without-polling-fallback',
      description: 'clients that only ever try websocket (no long-polling fallback)',
      apply: (s: ScenarioDefinition) => ({ ...s, load: { ...s.load, transport: 'websocket' as const } }),
    },
    {
      name: 'rate-limit-off',
      description: 'RATE_LIMIT_ENABLED=false: no per-connection send limit',
      apply: (s: ScenarioDefinition) => env(s, { RATE_LIMIT_ENABLED: 'false' }),
    },
    {
      name: 'strict-mode-off',
      description: 'STRICT_MODE=false: abusive connections are throttled but never cut',
      apply: (s: ScenarioDefinition) => env(s, { STRICT_MODE: 'false' }),
    },
    {
      name: 'max-connections-5000',
      description:
        "MAX_CONNECTIONS=5000: the runbook's critical level, far above what one pod should hold here",
      apply: (s: ScenarioDefinition) => env(s, { MAX_CONNECTIONS: '5000' }),
    },
    {
      name: 'rotation-keeps-old-secret',
      description: 'a secret rotation that never retires the old secret',
      apply: (s: ScenarioDefinition) => faultParams(s, 'secret-rotation', { keepOldSecret: true }),
    },
    {
      name: 'db-pool-10',
      description: 'DB_POOL_MAX=10: too few database connections for the send rate under added latency',
      apply: (s: ScenarioDefinition) => ({ ...s, gatewayEnv: { ...s.gatewayEnv, DB_POOL_MAX: '10' } }),
    },
    {
      name: 'heartbeat-grace-below-delay',
      description: 'heartbeat grace (pingTimeout) 1 s: shorter than a slow link round trip at nightly scale',
      apply: (s: ScenarioDefinition) => ({ ...s, gateway: { ...s.gateway, pingTimeoutMs: 1_000 } }),
    },
  ].map((m) => [m.name, m]),
);

function env(s: ScenarioDefinition, vars: Record<string, string>): ScenarioDefinition {
  return { ...s, gatewayEnv: { ...s.gatewayEnv, ...vars } };
}

function faultParams(
  s: ScenarioDefinition,
  fault: string,
  params: Record<string, unknown>,
): ScenarioDefinition {
  if (!s.faults.some((f) => f.fault === fault)) throw new Error(`${s.name} has no ${fault} step to change`);
  return {
    ...s,
    faults: s.faults.map((f) => (f.fault === fault ? { ...f, params: { ...f.params, ...params } } : f)),
  };
}

export function applyMisconfiguration(name: string, scenario: ScenarioDefinition): ScenarioDefinition {
  const m = MISCONFIGURATIONS[name];
  if (!m) {
    throw new Error(`no misconfiguration "${name}"; known: ${Object.keys(MISCONFIGURATIONS).join(', ')}`);
  }
  return m.apply(scenario);
}
