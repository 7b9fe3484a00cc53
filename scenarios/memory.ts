import type { ScenarioDefinition } from '../harness/api.js';
import memorySoak from './memory-soak.js';

/** The memory scenario(s). */
export const MEMORY_SCENARIOS: readonly ScenarioDefinition[] = [memorySoak];
