import type { CriterionResult, Verdict } from '../checkers/types.js';

export const RESULT_SCHEMA_VERSION = 1;

export interface PhaseSpan {
  phase: string;
  startT: number;
  endT: number;
}

export interface FaultWindow {
  id: string;
  fault: string;
  targets: string[];
  startT: number;
  endT: number | null;
}

/** One point per sample interval: connected clients per pod. */
export interface ConnectionSeries {
  t: number[];
  pods: Record<string, number[]>;
}

export interface RunResult {
  schemaVersion: number;
  scenario: { name: string; title: string; runbook: string; section: string };
  verdict: Verdict;
  startedAt: string;
  durationMs: number;
  seed: number;
  timeScale: number;
  provider: string;
  clients: number;
  pods: Array<{ name: string; zone: string }>;
  versions: Record<string, string>;
  gitSha: string | null;
  criteria: CriterionResult[];
  phases: PhaseSpan[];
  faults: FaultWindow[];
  /** Series for the report's charts, derived from the history. */
  charts: {
    connections: ConnectionSeries;
    /** reconnect durations in ms, one per unplanned disconnect that resumed */
    reconnectMs: number[];
    /** delivery latency p50/p99 per time bucket */
    deliveryLatency: { t: number[]; p50: number[]; p99: number[] };
  };
  counters: Record<string, number>;
  /** Harness errors: the reason for exit code 2. */
  errors: string[];
  runDir: string;
}

/** Exit code contract: 0 all pass, 1 a criterion failed, 2 the harness failed or a verdict is unknown. */
export function exitCodeFor(result: Pick<RunResult, 'criteria' | 'errors'>): 0 | 1 | 2 {
  if (result.errors.length > 0 || result.criteria.length === 0) return 2;
  if (result.criteria.some((c) => c.verdict === 'unknown')) return 2;
  return result.criteria.some((c) => c.verdict === 'fail') ? 1 : 0;
}

export function overallVerdict(criteria: readonly CriterionResult[]): Verdict {
  if (criteria.some((c) => c.verdict === 'fail')) return 'fail';
  if (criteria.length === 0 || criteria.some((c) => c.verdict === 'unknown')) return 'unknown';
  return 'pass';
}
