import type { HistoryEvent } from '../history/events.js';
import type { Capability } from '../targets/capabilities.js';

/**
 * pass / fail: judged with certainty. inconclusive: the value's error bar (the harness's own
 * measurement error) straddles the threshold, so it could be on either side. unknown: it could not
 * be judged at all (the checker threw, or the history lacked what it needs). not-applicable: the
 * target lacks a capability the criterion needs (the reason names it); never a pass.
 */
export type Verdict = 'pass' | 'fail' | 'inconclusive' | 'unknown' | 'not-applicable';

/** Which of the harness's measurement errors bounds a duration the checker measures. */
export type TimingKind =
  /** Between two harness timestamps (reconnect, detection, outage, send → delivery). */
  | 'harness'
  /** A database commit time against a harness receive time (delivery latency). */
  | 'delivery';

/** How far the measured value could be off, and so why a verdict is inconclusive. */
export interface Uncertainty {
  /** The value is known within ± this many units (ms). */
  margin: number;
  /** Where the margin comes from, with its figures. */
  reason: string;
}

/** The smallest set of facts that proves a failure: which client, which message, when. */
export interface Evidence {
  summary: string;
  client?: string;
  room?: string;
  clientMsgId?: string;
  seq?: number;
  pod?: string;
  /** ms since run start */
  t?: number;
}

export interface CriterionResult {
  criterion: string;
  title: string;
  /** The measured value; null when it could not be measured (verdict unknown). */
  value: number | null;
  unit: string;
  /** The verdict is pass when `value comparison threshold` holds. */
  comparison: '<' | '<=' | '==' | '>' | '>=';
  threshold: number;
  verdict: Verdict;
  evidence: Evidence[];
  /** Secondary figures (p50/p99/max, counts, denominators) for the report. */
  details: Record<string, number>;
  /** Where the threshold comes from, e.g. "Scenario 2 success criteria: Reconnect time <5 seconds p95". */
  source?: string;
  /** Set when the checker could not judge (it threw, or the history lacked what it needs). */
  error?: string;
  /** A timing criterion's error bar; with verdict inconclusive, why it could not be decided. */
  uncertainty?: Uncertainty;
  /**
   * With verdict not-applicable: why, naming each capability the target lacks and what it means,
   * e.g. "the target does not offer durable-store (a store the final audit can read: …)".
   */
  notApplicable?: string;
}

export interface CheckContext {
  threshold: number;
  /** Runbook seconds × timeScale = harness seconds. */
  timeScale: number;
  source?: string;
}

/** A checker is a pure function of the history. It never talks to the system. */
export type Checker = (history: readonly HistoryEvent[], ctx: CheckContext) => CriterionResult;

export interface CheckerSpec {
  id: string;
  title: string;
  unit: string;
  comparison: CriterionResult['comparison'];
  /** Set on criteria whose value is a duration the harness measured: judged with its error bar. */
  timing?: TimingKind;
  /** What the target must offer for this criterion to be judged; otherwise it is not-applicable. */
  needs?: readonly Capability[];
  /** The runbook's threshold, used when a scenario names the criterion without one. */
  defaultThreshold?: number;
  /** Where the default threshold comes from (runbook file and section, quoted). */
  source?: string;
  check: Checker;
}
