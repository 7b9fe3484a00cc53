import type { ScenarioDefinition } from '../harness/api.js';

/** Load-balancer and network troubleshooting cases of both runbooks. */
export const NETWORK_SCENARIOS: readonly ScenarioDefinition[] = [];
