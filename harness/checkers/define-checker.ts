import { timingMargin, type TimeSpan } from '../history/derive/measurement-error.js';
import type { HistoryEvent } from '../history/events.js';
import type { CheckContext, CheckerSpec, CriterionResult, Evidence, Uncertainty, Verdict } from './types.js';

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
  /**
   * For a timing criterion: the span of the run its value was measured in, so its error bar is the
   * harness's lateness then (default: the whole run's).
   */
  span?: TimeSpan;
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

/**
 * Pass when `value comparison threshold` holds for every value within ± margin, fail when it holds
 * for none: a value whose error bar straddles the threshold is inconclusive.
 */
export function decide(
  value: number,
  comparison: CriterionResult['comparison'],
  threshold: number,
  margin = 0,
): Exclude<Verdict, 'unknown'> {
  const low = holds(value - margin, comparison, threshold);
  const high = holds(value + margin, comparison, threshold);
  if (low && high) return 'pass';
  if (!low && !high) return 'fail';
  return 'inconclusive';
}

/**
 * A checker from its meta (id, title, unit, comparison; its needs, default threshold and runbook
 * source, all kept on the spec) and its measurement.
 */
export function defineChecker(
  meta: CheckerMeta,
  measure: (history: readonly HistoryEvent[], ctx: CheckContext) => Measurement,
): CheckerSpec {
  return {
    ...meta,
    check: (history, ctx) => {
      const m = measure(history, ctx);
      const uncertainty = meta.timing === undefined ? undefined : uncertaintyOf(history, meta, ctx, m);
      return toResult(meta, ctx, m, uncertainty);
    },
  };
}

function uncertaintyOf(
  history: readonly HistoryEvent[],
  meta: CheckerMeta,
  ctx: CheckContext,
  m: Measurement,
): Uncertainty | undefined {
  const margin = timingMargin(history, meta.timing!, m.span);
  if (margin === null || margin.marginMs <= 0) return undefined;
  const late = `the harness was late by up to ${Math.round(margin.loopLateMs)} ms${margin.scope === 'span' ? ' while this was measured' : ' during the run'}`;
  const clock =
    margin.clockOffsetMs === undefined
      ? ''
      : ` and the database clock is known within ± ${Math.round(margin.clockOffsetMs)} ms`;
  return { margin: margin.marginMs, reason: `${late}${clock}` };
}

function toResult(
  meta: CheckerMeta,
  ctx: CheckContext,
  m: Measurement,
  uncertainty: Uncertainty | undefined,
): CriterionResult {
  const value = m.value !== null && Number.isFinite(m.value) ? m.value : null;
  const error = m.error ?? (value === null ? 'the value could not be measured' : undefined);
  let verdict: Verdict = 'unknown';
  if (value !== null) {
    const decided = decide(value, meta.comparison, ctx.threshold, uncertainty?.margin ?? 0);
    // A proven failure stands even on a partial measurement; anything else needs all of it.
    if (decided === 'fail' || error === undefined) verdict = decided;
  }
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
    // The scenario's quote when it gave one, else the checker's own runbook source.
    ...((ctx.source ?? meta.source) !== undefined ? { source: ctx.source ?? meta.source } : {}),
    ...(error !== undefined ? { error } : {}),
    ...(uncertainty !== undefined && value !== null && verdict !== 'unknown'
      ? { uncertainty: verdict === 'inconclusive' ? straddling(uncertainty, value, meta, ctx) : uncertainty }
      : {}),
  };
}

function straddling(u: Uncertainty, value: number, meta: CheckerMeta, ctx: CheckContext): Uncertainty {
  const bar = `${Math.round(value)} ± ${Math.round(u.margin)} ${meta.unit}`;
  return {
    ...u,
    reason: `${u.reason}; the value (${bar}) could be on either side of the threshold (${meta.comparison} ${ctx.threshold} ${meta.unit})`,
  };
}
