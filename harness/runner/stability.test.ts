import { describe, expect, it } from 'vitest';
import type { CriterionResult, Verdict } from '../checkers/types.js';
import type { RunResult } from './result.js';
import { flakyCriteria, spreadOf, stabilityOf } from './stability.js';

function criterion(id: string, value: number | null, verdict: Verdict): CriterionResult {
  return {
    criterion: id,
    title: id,
    value,
    unit: 'ms',
    comparison: '<',
    threshold: 5000,
    verdict,
    evidence: [],
    details: {},
  };
}

function run(scenario: string, seed: number, criteria: CriterionResult[]): RunResult {
  return { scenario: { name: scenario }, seed, criteria } as unknown as RunResult;
}

describe('repeat stability', () => {
  it('reports the spread of each value and no flake when every verdict agrees', () => {
    const runs = [200, 100, 400, 300, 250].map((v, i) =>
      run('single-pod-failure', i + 1, [criterion('reconnect-time', v, 'pass')]),
    );
    const [s] = stabilityOf(runs);
    expect(s).toMatchObject({
      scenario: 'single-pod-failure',
      criterion: 'reconnect-time',
      runs: 5,
      seeds: [1, 2, 3, 4, 5],
      spread: { min: 100, median: 250, p95: 400, max: 400 },
      verdicts: { pass: 5, fail: 0, unknown: 0 },
      flaky: false,
    });
  });

  it('marks a criterion whose verdict flipped between runs as flaky', () => {
    const runs = [
      run('zone-loss', 1, [criterion('reconnect-time', 4000, 'pass'), criterion('lost-acked', 0, 'pass')]),
      run('zone-loss', 2, [criterion('reconnect-time', 6000, 'fail'), criterion('lost-acked', 0, 'pass')]),
    ];
    const flaky = flakyCriteria(stabilityOf(runs));
    expect(flaky.map((c) => c.criterion)).toEqual(['reconnect-time']);
    expect(flaky[0]!.verdicts).toEqual({
      pass: 1,
      fail: 1,
      inconclusive: 0,
      unknown: 0,
      'not-applicable': 0,
    });
  });

  it('counts a run that never judged the criterion (aborted) as unknown, hence a flip', () => {
    const runs = [run('redis-outage', 1, [criterion('undelivered', 0, 'pass')]), run('redis-outage', 2, [])];
    const [s] = stabilityOf(runs);
    expect(s!.verdicts).toEqual({ pass: 1, fail: 0, inconclusive: 0, unknown: 1, 'not-applicable': 0 });
    expect(s!.flaky).toBe(true);
  });

  it('keeps a criterion not applicable in every repeat not applicable, never flaky, never a pass', () => {
    const runs = [1, 2, 3].map((seed) =>
      run('observe', seed, [criterion('lost-acked', null, 'not-applicable'), criterion('order', 0, 'pass')]),
    );
    const s = stabilityOf(runs).find((c) => c.criterion === 'lost-acked')!;
    expect(s.verdicts).toEqual({ pass: 0, fail: 0, inconclusive: 0, unknown: 0, 'not-applicable': 3 });
    expect(s.flaky).toBe(false);
    expect(s.spread).toBeNull();
  });

  it('flags a criterion not applicable in some repeats only as flaky', () => {
    const runs = [
      run('observe', 1, [criterion('lost-acked', null, 'not-applicable')]),
      run('observe', 2, [criterion('lost-acked', 0, 'pass')]),
    ];
    expect(flakyCriteria(stabilityOf(runs)).map((c) => c.criterion)).toEqual(['lost-acked']);
  });

  it('leaves scenarios run once out, and has no spread without measured values', () => {
    expect(stabilityOf([run('a', 1, [criterion('x', 1, 'pass')])])).toEqual([]);
    expect(spreadOf([])).toBeNull();
    const [s] = stabilityOf([
      run('b', 1, [criterion('x', null, 'unknown')]),
      run('b', 2, [criterion('x', null, 'unknown')]),
    ]);
    expect(s!.spread).toBeNull();
    expect(s!.flaky).toBe(false);
  });

  it('counts inconclusive runs apart: a pass next to an inconclusive is not a flip', () => {
    const runs = [
      run('latency-degradation', 1, [criterion('update-latency', 600, 'pass')]),
      run('latency-degradation', 2, [criterion('update-latency', 1100, 'inconclusive')]),
      run('latency-degradation', 3, [criterion('update-latency', 650, 'pass')]),
    ];
    const [s] = stabilityOf(runs);
    expect(s).toMatchObject({ flaky: false, undecided: 1, verdicts: { pass: 2, inconclusive: 1 } });
    const flipped = stabilityOf([
      ...runs,
      run('latency-degradation', 4, [criterion('update-latency', 3000, 'fail')]),
    ]);
    expect(flipped[0]).toMatchObject({ flaky: true, undecided: 1 });
  });
});
