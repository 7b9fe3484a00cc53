import type { ScenarioDefinition } from '../harness/api.js';

/** The security scenario(s). */
export const SECURITY_SCENARIOS: readonly ScenarioDefinition[] = [];
