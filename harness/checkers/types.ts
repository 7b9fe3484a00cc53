import type { HistoryEvent } from '../history/events.js';

export type Verdict = 'pass' | 'fail' | 'unknown';

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
  check: Checker;
}
