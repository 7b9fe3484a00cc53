import type { CheckerSpec } from './types.js';

/** Criteria added for the failover scenarios. */
export const FAILOVER_CHECKERS: readonly CheckerSpec[] = [];
