import type { CheckerSpec } from './types.js';

/** Criteria added for the memory scenario. */
export const MEMORY_CHECKERS: readonly CheckerSpec[] = [];
