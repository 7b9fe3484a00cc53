import type { ScenarioDefinition } from '../harness/api.js';
import { DEPLOY_SCENARIOS } from './deploy.js';
import { FAILOVER_SCENARIOS } from './failover.js';
import { MEMORY_SCENARIOS } from './memory.js';
import { NETWORK_SCENARIOS } from './network.js';
import { SECURITY_SCENARIOS } from './security.js';
import browserRealtime from './browser-realtime.js';
import calibration from './calibration.js';
import observe from './observe.js';
import singlePodFailure from './single-pod-failure.js';

export const SCENARIOS: readonly ScenarioDefinition[] = [
  singlePodFailure,
  ...FAILOVER_SCENARIOS,
  ...NETWORK_SCENARIOS,
  ...DEPLOY_SCENARIOS,
  ...SECURITY_SCENARIOS,
  ...MEMORY_SCENARIOS,
  browserRealtime,
  calibration,
  observe,
];
