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

export function applyMisconfiguration(name: string, scenario: ScenarioDefinition): ScenarioDefinition {
  const m = MISCONFIGURATIONS[name];
  if (!m) {
    throw new Error(`no misconfiguration "${name}"; known: ${Object.keys(MISCONFIGURATIONS).join(', ')}`);
  }
  return m.apply(scenario);
}
