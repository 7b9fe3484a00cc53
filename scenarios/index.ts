import type { ScenarioDefinition } from '../harness/api.js';
import singlePodFailure from './single-pod-failure.js';

export const SCENARIOS: readonly ScenarioDefinition[] = [singlePodFailure];
