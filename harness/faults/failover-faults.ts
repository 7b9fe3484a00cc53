import { completeOutage } from './complete-outage.js';
import { databaseFailover } from './database-failover.js';
import type { FaultType } from './fault.js';
import { redisBlackhole } from './redis-blackhole.js';
import { redisStop } from './redis-stop.js';
import { zoneLoss } from './zone-loss.js';

/** Faults of the runbooks' failover scenarios (zone, database, Redis, whole fleet). */
export const FAILOVER_FAULTS: readonly FaultType[] = [
  zoneLoss,
  databaseFailover,
  redisStop,
  redisBlackhole,
  completeOutage,
];
