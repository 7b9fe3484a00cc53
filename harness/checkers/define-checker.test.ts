import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history/events.js';
import { decide, defineChecker } from './define-checker.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

describe('decide: a value with an error bar against its threshold', () => {
  it('passes when the whole bar is inside, fails when it is wholly past, else is inconclusive', () => {
    // The quick suite's false alarm: update latency 1,357 ms ± 409 against < 1,000 ms.
    expect(decide(1357, '<', 1000, 409)).toBe('inconclusive');
    expect(decide(1357, '<', 1000, 300)).toBe('fail');
    expect(decide(600, '<', 1000, 300)).toBe('pass');
    expect(decide(700, '<', 1000, 300)).toBe('inconclusive'); // 700 + 300 is not < 1000
    expect(decide(1000, '<', 1000, 0)).toBe('fail');
    expect(decide(999, '<', 1000, 0)).toBe('pass');
  });

  it('works the same way for every comparison', () => {
    expect(decide(250, '<=', 250, 0)).toBe('pass');
    expect(decide(240, '<=', 250, 20)).toBe('inconclusive');
    expect(decide(280, '<=', 250, 20)).toBe('fail');
    expect(decide(99.95, '>', 99.9, 0.01)).toBe('pass');
    expect(decide(99.9, '>', 99.9, 0.01)).toBe('inconclusive');
    expect(decide(99, '>=', 99.9, 0.5)).toBe('fail');
    expect(decide(3, '==', 3, 0)).toBe('pass');
  });
});

/** A timing checker whose value is a fixed duration measured over a span. */
const fixed = (value: number, span?: { fromT: number; toT: number }) =>
  defineChecker(
    { id: 'fixed', title: 'Fixed duration', unit: 'ms', comparison: '<', timing: 'harness' },
    () => ({ value, ...(span ? { span } : {}) }),
  );

function clock(b: HistoryBuilder, loopDelayMaxMs: number): HistoryBuilder {
  return b.push({
    type: 'harness.clock',
    loopDelayP99Ms: loopDelayMaxMs / 2,
    loopDelayMaxMs,
    databaseOffsetMs: 3,
    databaseRttMs: 4,
  });
}

function load(b: HistoryBuilder, t: number, loopLateMaxMs: number): HistoryBuilder {
  return b.at(t).harnessLoad(loopLateMaxMs, { ownCpu: 0.5, machineBusy: 0.5, loadAvg1: 1 });
}

describe('a timing criterion is judged with the harness measurement error', () => {
  it('inconclusive, with the lateness and the reason, when the error bar straddles the threshold', () => {
    const history = clock(new HistoryBuilder().at(10_000), 409).build();
    const result = judge(fixed(1357), history, 1000);
    expect(result.verdict).toBe('inconclusive');
    expect(result.value).toBe(1357);
    expect(result.uncertainty?.margin).toBe(409);
    expect(result.uncertainty?.reason).toMatch(
      /the harness was late by up to 409 ms during the run.*1357 ± 409 ms.*either side of the threshold \(< 1000 ms\)/,
    );
  });

  it('fails with certainty when the whole bar is past the threshold, and passes when it is inside', () => {
    const history = clock(new HistoryBuilder().at(10_000), 100).build();
    expect(judge(fixed(1357), history, 1000)).toMatchObject({
      verdict: 'fail',
      uncertainty: { margin: 100 },
    });
    expect(judge(fixed(600), history, 1000)).toMatchObject({ verdict: 'pass', uncertainty: { margin: 100 } });
    expect(judge(fixed(600), history, 1000).uncertainty?.reason).not.toMatch(/either side/);
  });

  it('uses the lateness sampled while the value was measured, not a spike elsewhere in the run', () => {
    const b = new HistoryBuilder();
    load(b, 1000, 900); // boot: the harness was very late
    load(b, 2000, 20);
    load(b, 3000, 30);
    load(b, 4000, 25);
    clock(b.at(5000), 900);
    const history: HistoryEvent[] = b.build();
    const inSpan = judge(fixed(980, { fromT: 1500, toT: 3500 }), history, 1000);
    expect(inSpan).toMatchObject({ verdict: 'inconclusive', uncertainty: { margin: 30 } });
    expect(inSpan.uncertainty?.reason).toMatch(/late by up to 30 ms while this was measured/);
    expect(judge(fixed(900, { fromT: 1500, toT: 3500 }), history, 1000).verdict).toBe('pass');
    // Without a span the whole run's worst lateness bounds it.
    expect(judge(fixed(900), history, 1000)).toMatchObject({
      verdict: 'inconclusive',
      uncertainty: { margin: 900 },
    });
  });

  it('a history that recorded no clock is judged as measured (old runs, unit-test histories)', () => {
    const result = judge(fixed(999), new HistoryBuilder().build(), 1000);
    expect(result.verdict).toBe('pass');
    expect(result.uncertainty).toBeUndefined();
  });

  it('a count is never inconclusive: only timing criteria carry an error bar', () => {
    const count = defineChecker({ id: 'lost', title: 'Lost', unit: 'messages', comparison: '<=' }, () => ({
      value: 1,
    }));
    const history = clock(new HistoryBuilder().at(10_000), 5000).build();
    expect(judge(count, history, 0)).toMatchObject({ verdict: 'fail' });
    expect(judge(count, history, 0).uncertainty).toBeUndefined();
  });
});
