import { describe, expect, it } from 'vitest';
import { memoryGrowthTrend } from './memory-growth-trend.js';
import { judge } from './test-support/history-builder.js';
import { finish, soakHistory } from './test-support/soak-history.js';

describe('memory-growth-trend', () => {
  it('passes when RSS between cycles is flat once the first cycle has grown the heap', () => {
    // +30 MiB in the first cycle (the runtime sizing its heap for the peak), then flat.
    const soak = soakHistory({ cycles: 8, quietMiB: (_pod, cycle) => (cycle === 1 ? 130 : 131) });
    const result = judge(memoryGrowthTrend, finish(soak), 25);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({ 'connection-churn-1.pod-a.cycles': 7 });
  });

  it('fails when RSS climbs with every cycle, naming the pod, the rise and its span', () => {
    const soak = soakHistory({
      cycles: 8,
      quietMiB: (pod, cycle) => (pod === 'pod-b' ? 100 + 5 * cycle : 110),
    });
    const result = judge(memoryGrowthTrend, finish(soak), 25);
    // Cycles 2..8: 110 → 140 MiB, a 30 MiB rise on a 100 MiB baseline.
    expect(result).toMatchObject({ verdict: 'fail', value: 30 });
    expect(result.evidence).toHaveLength(1);
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-b' });
    expect(result.evidence[0]!.summary).toMatch(
      /climbs 30 MiB \(30 % of its 100 MiB baseline\) over 7 cycles/,
    );
    expect(result.evidence[0]!.summary).toMatch(/from 110 MiB at t=.* to 140 MiB/);
  });

  it('is unknown with too few cycles for a trend line', () => {
    const soak = soakHistory({ cycles: 3 });
    const result = judge(memoryGrowthTrend, finish(soak), 25);
    expect(result.verdict).toBe('unknown');
    expect(result.error).toMatch(/2 quiet cycles with a sample, 3 needed/);
  });
});
