import { memoryCeiling } from './memory-ceiling.js';
import { memoryGrowthTrend } from './memory-growth-trend.js';
import { memoryReturnsToBaseline } from './memory-returns-to-baseline.js';
import { memorySessionsReleased } from './memory-sessions-released.js';
import { oomRestart } from './oom-restart.js';
import type { CheckerSpec } from './types.js';

/** Criteria added for the memory scenario. */
export const MEMORY_CHECKERS: readonly CheckerSpec[] = [
  memorySessionsReleased,
  memoryReturnsToBaseline,
  memoryGrowthTrend,
  memoryCeiling,
  oomRestart,
];
