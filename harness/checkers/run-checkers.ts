import type { HistoryEvent } from '../history/events.js';
import type { CheckerSpec, CriterionResult } from './types.js';

export interface CriterionRequest {
  id: string;
  threshold: number;
  source?: string;
}

/**
 * Runs each requested criterion. A checker that throws, or one that is not in the registry,
 * yields verdict 'unknown' with the error: never a silent pass.
 */
export function runCheckers(
  history: readonly HistoryEvent[],
  requests: readonly CriterionRequest[],
  timeScale: number,
  registry: Readonly<Record<string, CheckerSpec>>,
): CriterionResult[] {
  return requests.map(({ id, threshold, source }) => {
    const spec = registry[id];
    const ctx = { threshold, timeScale, ...(source !== undefined ? { source } : {}) };
    if (spec === undefined)
      return unknown({ id, title: id, unit: '', comparison: '<=' }, ctx, `no checker named '${id}'`);
    try {
      return spec.check(history, ctx);
    } catch (err) {
      return unknown(
        spec,
        ctx,
        `checker threw: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    }
  });
}

function unknown(
  spec: Pick<CheckerSpec, 'id' | 'title' | 'unit' | 'comparison'>,
  ctx: { threshold: number; source?: string },
  error: string,
): CriterionResult {
  return {
    criterion: spec.id,
    title: spec.title,
    value: null,
    unit: spec.unit,
    comparison: spec.comparison,
    threshold: ctx.threshold,
    verdict: 'unknown',
    evidence: [],
    details: {},
    ...(ctx.source !== undefined ? { source: ctx.source } : {}),
    error,
  };
}
