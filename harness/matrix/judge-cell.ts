import { EXIT, exitCodeFor, notApplicableReason, type RunResult } from '../runner/result.js';
import type { CellOutcome, MatrixCell } from './cell.js';

export type { CellOutcome, CellStatus } from './cell.js';

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
  // A criterion the cell hangs on that the target cannot support: the cell cannot show its break,
  // whatever else happened. A wrong outcome (never a catch, never a miss), named as such.
  const inapplicable = result.criteria.filter(
    (c) => c.verdict === 'not-applicable' && cell.fails.includes(c.criterion),
  );
  if (inapplicable.length > 0) {
    const named = inapplicable.map((c) => `${c.criterion} (${notApplicableReason(c)})`);
    return {
      ...base,
      notApplicable: inapplicable.map((c) => c.criterion),
      status: 'not-applicable',
      ok: false,
      explanation: [
        `expected to fail but not applicable to the target: ${named.join('; ')}`,
        ...(unexpected.length > 0 ? [`failed without being declared: ${unexpected.join(', ')}`] : []),
      ].join('; '),
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
