import type { CheckerSpec } from './types.js';

/** Criteria added for the security scenario. */
export const SECURITY_CHECKERS: readonly CheckerSpec[] = [];
