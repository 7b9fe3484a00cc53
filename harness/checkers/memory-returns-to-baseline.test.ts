import { describe, expect, it } from 'vitest';
import { memoryReturnsToBaseline } from './memory-returns-to-baseline.js';
import { judge } from './test-support/history-builder.js';
import { finish, sample, soakHistory } from './test-support/soak-history.js';

describe('memory-returns-to-baseline', () => {
  it('passes when RSS after the churn stays within the allowance of its pre-churn baseline', () => {
    const soak = soakHistory({ afterMiB: () => 130 });
    const result = judge(memoryReturnsToBaseline, finish(soak), 50);
    expect(result).toMatchObject({ verdict: 'pass', value: 30 });
    expect(result.details).toMatchObject({
      'connection-churn-1.pod-b.baselineMiB': 100,
      'connection-churn-1.pod-b.afterMiB': 130,
    });
    expect(result.evidence).toEqual([]);
  });

  it('fails when a pod keeps the memory the churn took, naming the pod and both figures', () => {
    const soak = soakHistory({ afterMiB: (pod) => (pod === 'pod-c' ? 175 : 120) });
    const result = judge(memoryReturnsToBaseline, finish(soak), 50);
    expect(result).toMatchObject({ verdict: 'fail', value: 75 });
    expect(result.evidence).toHaveLength(1);
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-c' });
    expect(result.evidence[0]!.summary).toMatch(
      /RSS 175 MiB after connection-churn-1 .* 75 % above its 100 MiB/,
    );
  });

  it('judges only samples in which the pod is back at its pre-churn connections', () => {
    const soak = soakHistory({ pods: ['pod-a'], afterMiB: () => 110 });
    // Straggling churn clients still open: those samples are not "after the connections closed".
    for (const before of [250, 200, 150, 100, 50])
      sample(soak.builder.at(soak.endT - before), 'pod-a', { connections: 200, rssMiB: 400 });
    expect(judge(memoryReturnsToBaseline, finish(soak), 50)).toMatchObject({ verdict: 'pass', value: 10 });
  });
});
