import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../checkers/types.js';
import { exitCodeFor, judgeExpectedFailure } from './result.js';

const criterion = (id: string, verdict: CriterionResult['verdict']): CriterionResult => ({
  criterion: id,
  title: id,
  value: verdict === 'unknown' ? null : 1,
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
});
