import { EXIT, exitCodeFor, type RunResult } from '../runner/result.js';
import type { MatrixCell } from './cell.js';

export type CellStatus =
  /** a defect or misconfiguration failed exactly the criteria declared for it */
  | 'caught'
  /** the reference run passed */
  | 'green'
  /** nothing failed although a break was injected */
  | 'missed'
  /** something failed, but not (only) the declared criteria */
  | 'wrong-criterion'
  /** the reference run failed a criterion */
  | 'false-alarm'
  /** the harness could not judge (error or unknown verdict) */
  | 'unjudged'
  /**
   * nothing contradicts the cell, but a criterion it hangs on was inconclusive (its value within
   * the harness's measurement error of the threshold): neither a miss nor a false alarm
   */
  | 'inconclusive';

export interface CellOutcome {
  status: CellStatus;
  ok: boolean;
  failed: string[];
  /** Declared to fail but passed. */
  notFailed: string[];
  /** Failed without being declared. */
  unexpected: string[];
  explanation: string;
}

/** Pure: the verdict of one matrix cell from its run's result. */
export function judgeCell(
  cell: MatrixCell,
  result: Pick<RunResult, 'criteria' | 'errors' | 'expectedFailure'>,
): CellOutcome {
  const failed = result.criteria.filter((c) => c.verdict === 'fail').map((c) => c.criterion);
  const unknown = result.criteria.filter((c) => c.verdict === 'unknown').map((c) => c.criterion);
  const undecided = result.criteria.filter((c) => c.verdict === 'inconclusive').map((c) => c.criterion);
  const allowed = new Set([...cell.fails, ...(cell.mayAlsoFail ?? [])]);
  const notFailed = cell.fails.filter((c) => !failed.includes(c));
  const unexpected = failed.filter((c) => !allowed.has(c));
  const base = { failed, notFailed, unexpected };

  if (result.errors.length > 0 || result.criteria.length === 0) {
    return {
      ...base,
      status: 'unjudged',
      ok: false,
      explanation: `harness error: ${result.errors[0] ?? 'no criteria judged'}`,
    };
  }
  if (cell.fails.length === 0) {
    // The reference cell: green as the exit code sees it (a demonstration that fails as designed is green).
    const code = exitCodeFor(result);
    if (code === EXIT.pass)
      return { ...base, status: 'green', ok: true, explanation: 'all criteria as expected' };
    if (code === EXIT.inconclusive)
      return {
        ...base,
        status: 'inconclusive',
        ok: false,
        explanation: `nothing failed; inconclusive: ${undecided.join(', ')}`,
      };
    if (code === EXIT.harness)
      return {
        ...base,
        status: 'unjudged',
        ok: false,
        explanation: `unknown verdicts: ${unknown.join(', ')}`,
      };
    const wrong = result.expectedFailure
      ? [...result.expectedFailure.unexpected, ...result.expectedFailure.missing]
      : failed;
    return {
      ...base,
      status: 'false-alarm',
      ok: false,
      explanation: `the reference gateway failed ${wrong.join(', ')}`,
    };
  }
  const undecidedDeclared = notFailed.filter((c) => undecided.includes(c));
  if (
    unexpected.length === 0 &&
    undecidedDeclared.length > 0 &&
    undecidedDeclared.length === notFailed.length
  ) {
    return {
      ...base,
      status: 'inconclusive',
      ok: false,
      explanation: `declared to fail but inconclusive: ${undecidedDeclared.join(', ')}`,
    };
  }
  if (failed.length === 0) {
    return {
      ...base,
      status: unknown.length > 0 ? 'unjudged' : 'missed',
      ok: false,
      explanation:
        unknown.length > 0
          ? `nothing failed; unknown: ${unknown.join(', ')}`
          : 'nothing failed: the break went unnoticed',
    };
  }
  if (notFailed.length > 0 || unexpected.length > 0) {
    const parts = [
      ...(notFailed.length > 0 ? [`expected to fail but passed: ${notFailed.join(', ')}`] : []),
      ...(unexpected.length > 0 ? [`failed without being declared: ${unexpected.join(', ')}`] : []),
    ];
    return { ...base, status: 'wrong-criterion', ok: false, explanation: parts.join('; ') };
  }
  return { ...base, status: 'caught', ok: true, explanation: `caught by ${failed.join(', ')}` };
}
