import type { ScenarioDefinition } from '../harness/api.js';

/** The infrastructure runbook's failover scenarios beyond a single pod. */
export const FAILOVER_SCENARIOS: readonly ScenarioDefinition[] = [];
