import type { HistoryEvent } from '../../history/events.js';
import type { CheckerSpec, CriterionResult } from '../types.js';

export { HistoryBuilder, WALL_CLOCK_AT_0 } from '../../history/test-support/history-builder.js';

/** Runs one checker the way runCheckers would. */
export function judge(
  spec: CheckerSpec,
  history: readonly HistoryEvent[],
  threshold: number,
  timeScale = 1,
): CriterionResult {
  return spec.check(history, { threshold, timeScale });
}
