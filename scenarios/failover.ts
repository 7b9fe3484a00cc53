import type { ScenarioDefinition } from '../harness/api.js';
import completeOutage from './complete-outage.js';
import databaseFailover from './database-failover.js';
import redisOutage from './redis-outage.js';
import zoneLoss from './zone-loss.js';

/** The infrastructure runbook's failover scenarios beyond a single pod. */
export const FAILOVER_SCENARIOS: readonly ScenarioDefinition[] = [
  zoneLoss,
  databaseFailover,
  redisOutage,
  completeOutage,
];
