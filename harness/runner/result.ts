import type { CriterionResult, Verdict } from '../checkers/types.js';
import type { HarnessHealth } from '../history/derive/harness-health.js';
import type { MeasurementError } from '../history/derive/measurement-error.js';

/**
 * 2: verdicts may be `inconclusive` (a timing value whose error bar straddles its threshold),
 * criteria may carry `uncertainty`, expectedFailure has `inconclusive`, and `harnessHealth` says
 * whether the harness's machine was overloaded.
 * 3: a verdict may be `not-applicable` (the target lacks a capability the criterion needs;
 * `notApplicable` on the criterion says which), expectedFailure may list `notApplicable`, and a
 * criterion's threshold and source may come from the checker's defaults. A reader that knows only
 * pass/fail would misread the new verdict, hence the bump. Readers accept 1 and 2 too.
 */
export const RESULT_SCHEMA_VERSION = 3;

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

/** How a scenario that must fail (it demonstrates a misconfiguration) actually failed. */
export interface ExpectedFailure {
  criteria: string[];
  mayAlsoFail: string[];
  reason: string;
  /** Every expected criterion failed, and nothing else did. */
  met: boolean;
  /** Expected to fail but did not. */
  missing: string[];
  /** Failed without being expected to. */
  unexpected: string[];
  /** Expected to fail, but inconclusive: it may or may not have failed (absent in schema 1). */
  inconclusive?: string[];
  /**
   * Expected to fail, but not applicable to the target: it could not fail, so the expectation is
   * not met (these are in `missing` too). Absent in older results.
   */
  notApplicable?: string[];
}

export function judgeExpectedFailure(
  criteria: readonly CriterionResult[],
  spec: { criteria: string[]; mayAlsoFail?: string[]; reason: string },
): ExpectedFailure {
  const failed = new Set(criteria.filter((c) => c.verdict === 'fail').map((c) => c.criterion));
  const allowed = new Set([...spec.criteria, ...(spec.mayAlsoFail ?? [])]);
  const undecided = new Set(criteria.filter((c) => c.verdict === 'inconclusive').map((c) => c.criterion));
  const missing = spec.criteria.filter((c) => !failed.has(c) && !undecided.has(c));
  const inconclusive = spec.criteria.filter((c) => undecided.has(c));
  const unexpected = [...failed].filter((c) => !allowed.has(c));
  const inapplicable = new Set(
    criteria.filter((c) => c.verdict === 'not-applicable').map((c) => c.criterion),
  );
  const notApplicable = spec.criteria.filter((c) => inapplicable.has(c));
  return {
    criteria: spec.criteria,
    mayAlsoFail: spec.mayAlsoFail ?? [],
    reason: spec.reason,
    met: missing.length === 0 && unexpected.length === 0 && inconclusive.length === 0,
    missing,
    unexpected,
    inconclusive,
    ...(notApplicable.length > 0 ? { notApplicable } : {}),
  };
}

/** p50/p99 (ms) of the samples in a span; null when it had none. */
export interface LatencyStats {
  count: number;
  p50: number | null;
  p99: number | null;
}

/** One fault window that injected latency, with what was measured inside it. */
export interface FaultLatencyWindow {
  id: string;
  fault: string;
  targets: string[];
  startT: number;
  /** null while the fault was never healed */
  endT: number | null;
  /** the injected delay (fault.start params.latencyMs) and its jitter (params.jitterMs, else 0), ms */
  latencyMs: number;
  jitterMs: number;
  /** commit → delivery, for deliveries inside the window */
  delivery: LatencyStats;
  /** send → ack (send.ok latencyMs), for acks inside the window */
  sendAck: LatencyStats;
}

export interface FaultLatencySeries {
  /** Outside every fault window and its 30 s × timeScale recovery. */
  baseline: { delivery: LatencyStats; sendAck: LatencyStats };
  windows: FaultLatencyWindow[];
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
  /** Planned faults that started late because their target was down at their time (absent in schema 1). */
  faultsDelayed?: Array<{ id: string; fault: string; waitedMs: number; reason: string }>;
  /** Series for the report's charts, derived from the history. */
  charts: {
    connections: ConnectionSeries;
    /** reconnect durations in ms, one per unplanned disconnect that resumed */
    reconnectMs: number[];
    /** delivery latency p50/p99 per time bucket */
    deliveryLatency: { t: number[]; p50: number[]; p99: number[] };
    /** Latency against the injected delay; present only when a fault injected latency. */
    faultLatency?: FaultLatencySeries;
  };
  counters: Record<string, number>;
  /** Bounds on the timing error of this run's measurements; null for runs recorded without them. */
  measurementError: MeasurementError | null;
  /** How busy the harness and its machine were, per fault window (absent in schema 1). */
  harnessHealth?: HarnessHealth;
  /** Present when the scenario exists to fail (see ScenarioDefinition.expectFailure). */
  expectedFailure?: ExpectedFailure;
  /** Harness errors: the reason for exit code 2. */
  errors: string[];
  runDir: string;
}

/**
 * Exit code contract, for CI: 0 every criterion passed or was not applicable to the target (a
 * not-applicable criterion never fails a run, and never counts as a pass); 1 a criterion failed with certainty;
 * 2 the harness failed, a verdict is unknown, or the command line was wrong; 3 nothing failed but a
 * timing verdict is inconclusive (the harness's measurement error straddles its threshold): CI may
 * run it again, ideally on a quieter machine.
 */
export const EXIT = { pass: 0, fail: 1, harness: 2, inconclusive: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeFor(result: Pick<RunResult, 'criteria' | 'errors' | 'expectedFailure'>): ExitCode {
  if (result.errors.length > 0 || result.criteria.length === 0) return EXIT.harness;
  if (result.criteria.some((c) => c.verdict === 'unknown')) return EXIT.harness;
  const x = result.expectedFailure;
  if (x) {
    if (x.met) return EXIT.pass;
    const onlyUndecided = x.missing.length === 0 && x.unexpected.length === 0;
    return onlyUndecided ? EXIT.inconclusive : EXIT.fail;
  }
  if (result.criteria.some((c) => c.verdict === 'fail')) return EXIT.fail;
  return result.criteria.some((c) => c.verdict === 'inconclusive') ? EXIT.inconclusive : EXIT.pass;
}

/** The most severe of several runs' exit codes: the harness, then a failure, then inconclusive. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  const rank: readonly ExitCode[] = [EXIT.harness, EXIT.fail, EXIT.inconclusive, EXIT.pass];
  return rank.find((code) => codes.includes(code)) ?? EXIT.pass;
}

/**
 * The run's verdict: a failure, then unknown, then inconclusive; otherwise pass when at least one
 * criterion passed (not-applicable ones neither help nor hurt), and not-applicable when none applied.
 */
export function overallVerdict(criteria: readonly CriterionResult[]): Verdict {
  if (criteria.some((c) => c.verdict === 'fail')) return 'fail';
  if (criteria.length === 0 || criteria.some((c) => c.verdict === 'unknown')) return 'unknown';
  if (criteria.some((c) => c.verdict === 'inconclusive')) return 'inconclusive';
  return criteria.every((c) => c.verdict === 'not-applicable') ? 'not-applicable' : 'pass';
}

/** Every verdict in the order reports list them. */
export const VERDICTS: readonly Verdict[] = ['pass', 'fail', 'inconclusive', 'unknown', 'not-applicable'];

/** How many criteria got each verdict: not-applicable is counted apart, never with the passes. */
export function verdictCounts(
  criteria: readonly Pick<CriterionResult, 'verdict'>[],
): Record<Verdict, number> {
  const counts: Record<Verdict, number> = {
    pass: 0,
    fail: 0,
    inconclusive: 0,
    unknown: 0,
    'not-applicable': 0,
  };
  for (const c of criteria) counts[c.verdict]++;
  return counts;
}

/** Why a not-applicable criterion does not apply (its checker's reason, else a generic one). */
export function notApplicableReason(c: Pick<CriterionResult, 'verdict' | 'notApplicable'>): string | null {
  if (c.verdict !== 'not-applicable') return null;
  return c.notApplicable ?? 'the target lacks a capability this criterion needs';
}
