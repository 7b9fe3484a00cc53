import type { ScenarioDefinition } from '../harness/api.js';

/** The memory scenario(s). */
export const MEMORY_SCENARIOS: readonly ScenarioDefinition[] = [];
