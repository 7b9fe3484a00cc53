import type { HistoryEvent } from '../history/events.js';
import type { CheckContext, CheckerSpec, CriterionResult, Evidence } from './types.js';

/** Evidence kept per criterion; the total is reported in details.evidenceTotal. */
export const EVIDENCE_CAP = 20;

/** Keeps the first EVIDENCE_CAP items and counts them all, so huge failures stay cheap. */
export class EvidenceList {
  readonly items: Evidence[] = [];
  total = 0;

  add(evidence: Evidence): void {
    this.total += 1;
    if (this.items.length < EVIDENCE_CAP) this.items.push(evidence);
  }
}

export interface Measurement {
  /** null when it could not be measured; `error` then says why. */
  value: number | null;
  evidence?: EvidenceList;
  details?: Record<string, number>;
  /**
   * What kept the checker from judging everything. A measured failure still fails (it is proven);
   * a pass becomes unknown, since the unjudged part could hide a failure.
   */
  error?: string;
}

export type CheckerMeta = Omit<CheckerSpec, 'check'>;

function holds(value: number, comparison: CriterionResult['comparison'], threshold: number): boolean {
  switch (comparison) {
    case '<':
      return value < threshold;
    case '<=':
      return value <= threshold;
    case '==':
      return value === threshold;
    case '>':
      return value > threshold;
    case '>=':
      return value >= threshold;
  }
}

export function defineChecker(
  meta: CheckerMeta,
  measure: (history: readonly HistoryEvent[], ctx: CheckContext) => Measurement,
): CheckerSpec {
  return { ...meta, check: (history, ctx) => toResult(meta, ctx, measure(history, ctx)) };
}

function toResult(meta: CheckerMeta, ctx: CheckContext, m: Measurement): CriterionResult {
  const value = m.value !== null && Number.isFinite(m.value) ? m.value : null;
  const error = m.error ?? (value === null ? 'the value could not be measured' : undefined);
  let verdict: CriterionResult['verdict'] = 'unknown';
  if (value !== null && !holds(value, meta.comparison, ctx.threshold)) verdict = 'fail';
  else if (value !== null && error === undefined) verdict = 'pass';
  return {
    criterion: meta.id,
    title: meta.title,
    // A partial figure is not "the value": what was measured stays in details.
    value: verdict === 'unknown' ? null : value,
    unit: meta.unit,
    comparison: meta.comparison,
    threshold: ctx.threshold,
    verdict,
    evidence: m.evidence?.items ?? [],
    details: { ...m.details, evidenceTotal: m.evidence?.total ?? 0 },
    ...(ctx.source !== undefined ? { source: ctx.source } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}
