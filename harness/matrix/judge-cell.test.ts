import { describe, expect, it } from 'vitest';
import type { CriterionResult, Verdict } from '../checkers/types.js';
import { judgeCell } from './judge-cell.js';

const c = (criterion: string, verdict: Verdict) => ({ criterion, verdict }) as CriterionResult;
const result = (criteria: CriterionResult[], errors: string[] = []) => ({ criteria, errors });

describe('defect matrix cell verdicts', () => {
  const cell = { scenario: 's', defect: 'no-replay', fails: ['undelivered'], mayAlsoFail: ['lost-acked'] };

  it('caught: exactly the declared criteria (plus allowed knock-ons) fail', () => {
    expect(judgeCell(cell, result([c('undelivered', 'fail'), c('order', 'pass')])).status).toBe('caught');
    expect(judgeCell(cell, result([c('undelivered', 'fail'), c('lost-acked', 'fail')])).status).toBe(
      'caught',
    );
  });

  it('missed: nothing failed although the defect was on', () => {
    const out = judgeCell(cell, result([c('undelivered', 'pass')]));
    expect(out).toMatchObject({ status: 'missed', ok: false });
  });

  it('wrong criterion: the declared one passed, or an undeclared one failed', () => {
    expect(judgeCell(cell, result([c('undelivered', 'pass'), c('order', 'fail')]))).toMatchObject({
      status: 'wrong-criterion',
      notFailed: ['undelivered'],
      unexpected: ['order'],
    });
    expect(judgeCell(cell, result([c('undelivered', 'fail'), c('order', 'fail')])).status).toBe(
      'wrong-criterion',
    );
  });

  it('false alarm: the reference gateway failed a criterion; green when it did not', () => {
    const reference = { scenario: 's', fails: [] };
    expect(judgeCell(reference, result([c('undelivered', 'pass')])).status).toBe('green');
    expect(judgeCell(reference, result([c('undelivered', 'fail')]))).toMatchObject({
      status: 'false-alarm',
      ok: false,
    });
  });

  it('a demonstration that fails as designed is green on the reference cell', () => {
    const demo = {
      criteria: [c('transport-closes', 'fail')],
      errors: [],
      expectedFailure: {
        criteria: ['transport-closes'],
        mayAlsoFail: [],
        reason: '',
        met: true,
        missing: [],
        unexpected: [],
      },
    };
    expect(judgeCell({ scenario: 'lb', fails: [] }, demo).status).toBe('green');
  });

  it('unjudged: harness errors or unknown verdicts never count as caught or green', () => {
    expect(judgeCell(cell, result([], ['boot failed'])).status).toBe('unjudged');
    expect(judgeCell(cell, result([c('undelivered', 'unknown')])).status).toBe('unjudged');
    expect(judgeCell({ scenario: 's', fails: [] }, result([c('x', 'unknown')])).status).toBe('unjudged');
  });

  it('inconclusive: neither a false alarm nor a miss when the deciding criterion could not be decided', () => {
    const reference = { scenario: 's', fails: [] };
    expect(
      judgeCell(reference, result([c('undelivered', 'pass'), c('outage-calibration', 'inconclusive')])),
    ).toMatchObject({
      status: 'inconclusive',
      ok: false,
      explanation: 'nothing failed; inconclusive: outage-calibration',
    });
    expect(judgeCell(cell, result([c('undelivered', 'inconclusive')]))).toMatchObject({
      status: 'inconclusive',
      ok: false,
    });
    // A certain failure elsewhere still counts as one.
    expect(judgeCell(reference, result([c('order', 'fail'), c('x', 'inconclusive')])).status).toBe(
      'false-alarm',
    );
    expect(judgeCell(cell, result([c('undelivered', 'inconclusive'), c('order', 'fail')])).status).toBe(
      'wrong-criterion',
    );
  });

  it('not applicable: a criterion the cell expects to fail is not applicable to the target, named as such', () => {
    const reason = 'the target does not offer acks (the server acknowledges each send)';
    const na = { ...c('undelivered', 'not-applicable'), notApplicable: reason } as CriterionResult;
    const out = judgeCell(cell, result([na, c('order', 'pass')]));
    expect(out).toMatchObject({ status: 'not-applicable', ok: false, notApplicable: ['undelivered'] });
    expect(out.explanation).toBe(
      `expected to fail but not applicable to the target: undelivered (${reason})`,
    );
    // Never hidden behind a catch elsewhere, and undeclared failures are still named.
    const busy = judgeCell(
      { ...cell, fails: ['undelivered', 'order'] },
      result([na, c('order', 'fail'), c('duplicates', 'fail')]),
    );
    expect(busy.status).toBe('not-applicable');
    expect(busy.explanation).toContain('failed without being declared: duplicates');
  });

  it('a criterion not applicable to the target does not spoil a green reference cell or a catch', () => {
    const na = c('lost-acked', 'not-applicable');
    expect(judgeCell({ scenario: 's', fails: [] }, result([c('order', 'pass'), na])).status).toBe('green');
    expect(judgeCell(cell, result([c('undelivered', 'fail'), na])).status).toBe('caught');
  });
});
