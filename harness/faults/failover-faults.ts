import type { FaultType } from './fault.js';

/** Faults of the runbooks' failover scenarios (zone, database, Redis, whole fleet). */
export const FAILOVER_FAULTS: readonly FaultType[] = [];
