import type { CheckerSpec } from './types.js';

/** Criteria added for the network and load-balancer scenarios. */
export const NETWORK_CHECKERS: readonly CheckerSpec[] = [];
