import type { ScenarioDefinition } from '../harness/api.js';
import { DEPLOY_SCENARIOS } from './deploy.js';
import { FAILOVER_SCENARIOS } from './failover.js';
import { NETWORK_SCENARIOS } from './network.js';
import browserRealtime from './browser-realtime.js';
import singlePodFailure from './single-pod-failure.js';

export const SCENARIOS: readonly ScenarioDefinition[] = [
  singlePodFailure,
  ...FAILOVER_SCENARIOS,
  ...NETWORK_SCENARIOS,
  ...DEPLOY_SCENARIOS,
  browserRealtime,
];
