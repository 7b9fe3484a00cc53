import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../checkers/types.js';
import {
  exitCodeFor,
  judgeExpectedFailure,
  notApplicableReason,
  overallVerdict,
  verdictCounts,
  worstExitCode,
} from './result.js';

const criterion = (id: string, verdict: CriterionResult['verdict']): CriterionResult => ({
  criterion: id,
  title: id,
  value: verdict === 'unknown' || verdict === 'not-applicable' ? null : 1,
  unit: '',
  comparison: '<=',
  threshold: 0,
  verdict,
  evidence: [],
  details: {},
});

describe('exit codes and expected failures', () => {
  const spec = { criteria: ['churn'], mayAlsoFail: ['unrecovered'], reason: 'demo' };

  it('0 all pass, 1 a failure, 2 an unknown or a harness error', () => {
    expect(exitCodeFor({ criteria: [criterion('a', 'pass')], errors: [] })).toBe(0);
    expect(exitCodeFor({ criteria: [criterion('a', 'fail'), criterion('b', 'pass')], errors: [] })).toBe(1);
    expect(exitCodeFor({ criteria: [criterion('a', 'fail'), criterion('b', 'unknown')], errors: [] })).toBe(
      2,
    );
    expect(exitCodeFor({ criteria: [criterion('a', 'pass')], errors: ['boom'] })).toBe(2);
    expect(exitCodeFor({ criteria: [], errors: [] })).toBe(2);
  });

  it('a demonstration passes only when exactly the expected criteria fail', () => {
    const met = judgeExpectedFailure(
      [criterion('churn', 'fail'), criterion('unrecovered', 'fail'), criterion('lost', 'pass')],
      spec,
    );
    expect(met).toMatchObject({ met: true, missing: [], unexpected: [] });
    expect(exitCodeFor({ criteria: [criterion('churn', 'fail')], errors: [], expectedFailure: met })).toBe(0);

    const notShown = judgeExpectedFailure([criterion('churn', 'pass')], spec);
    expect(notShown).toMatchObject({ met: false, missing: ['churn'] });
    expect(
      exitCodeFor({ criteria: [criterion('churn', 'pass')], errors: [], expectedFailure: notShown }),
    ).toBe(1);

    const extra = judgeExpectedFailure([criterion('churn', 'fail'), criterion('lost', 'fail')], spec);
    expect(extra).toMatchObject({ met: false, unexpected: ['lost'] });
  });

  it('3 when nothing failed but a verdict is inconclusive; a certain failure or a harness error wins', () => {
    const undecided = criterion('latency', 'inconclusive');
    expect(exitCodeFor({ criteria: [criterion('a', 'pass'), undecided], errors: [] })).toBe(3);
    expect(exitCodeFor({ criteria: [criterion('a', 'fail'), undecided], errors: [] })).toBe(1);
    expect(exitCodeFor({ criteria: [criterion('a', 'unknown'), undecided], errors: [] })).toBe(2);
    expect(worstExitCode([0, 3, 0])).toBe(3);
    expect(worstExitCode([3, 1])).toBe(1);
    expect(worstExitCode([1, 2, 3])).toBe(2);
    expect(overallVerdict([criterion('a', 'pass'), undecided])).toBe('inconclusive');
  });

  it('a demonstration whose expected criterion is inconclusive is neither met nor failed: exit 3', () => {
    const spec = { criteria: ['churn'], reason: 'demo' };
    const x = judgeExpectedFailure([criterion('churn', 'inconclusive')], spec);
    expect(x).toMatchObject({ met: false, missing: [], unexpected: [], inconclusive: ['churn'] });
    expect(
      exitCodeFor({ criteria: [criterion('churn', 'inconclusive')], errors: [], expectedFailure: x }),
    ).toBe(3);
  });

  describe('not applicable', () => {
    const na: CriterionResult = {
      ...criterion('lost-acked', 'not-applicable'),
      notApplicable: 'the target does not offer durable-store',
    };

    it('never fails a run: all pass or not applicable exits 0, and the run passes', () => {
      expect(exitCodeFor({ criteria: [criterion('order', 'pass'), na], errors: [] })).toBe(0);
      expect(overallVerdict([criterion('order', 'pass'), na])).toBe('pass');
      expect(exitCodeFor({ criteria: [na], errors: [] })).toBe(0);
    });

    it('never passes a criterion: counted apart, and a run with nothing applicable is not a pass', () => {
      expect(verdictCounts([criterion('order', 'pass'), na, criterion('x', 'fail')])).toEqual({
        pass: 1,
        fail: 1,
        inconclusive: 0,
        unknown: 0,
        'not-applicable': 1,
      });
      expect(overallVerdict([na])).toBe('not-applicable');
    });

    it('does not hide a failure, an unknown or an inconclusive verdict', () => {
      expect(exitCodeFor({ criteria: [na, criterion('a', 'fail')], errors: [] })).toBe(1);
      expect(exitCodeFor({ criteria: [na, criterion('a', 'unknown')], errors: [] })).toBe(2);
      expect(exitCodeFor({ criteria: [na, criterion('a', 'inconclusive')], errors: [] })).toBe(3);
      expect(overallVerdict([na, criterion('a', 'fail')])).toBe('fail');
    });

    it('gives the reason naming the missing capability, and a generic one when the checker gave none', () => {
      expect(notApplicableReason(na)).toBe('the target does not offer durable-store');
      expect(notApplicableReason(criterion('x', 'not-applicable'))).toMatch(/lacks a capability/);
      expect(notApplicableReason(criterion('x', 'pass'))).toBeNull();
    });

    it('a demonstration whose expected criterion is not applicable is not met: exit 1, named', () => {
      const x = judgeExpectedFailure([na], { criteria: ['lost-acked'], reason: 'demo' });
      expect(x).toMatchObject({ met: false, missing: ['lost-acked'], notApplicable: ['lost-acked'] });
      expect(exitCodeFor({ criteria: [na], errors: [], expectedFailure: x })).toBe(1);
    });
  });
});
