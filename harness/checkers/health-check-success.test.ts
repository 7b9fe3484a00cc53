import { describe, expect, it } from 'vitest';
import { healthCheckSuccess } from './health-check-success.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

function probes(ok: number, failed: Array<[pod: string, t: number, status: number | null]>) {
  const b = new HistoryBuilder();
  for (let i = 0; i < ok; i++) b.probe('pod-a', 200);
  for (const [pod, t, status] of failed) b.at(t).probe(pod, status);
  return b;
}

describe('health-check-success', () => {
  it('passes above 99.9 % of probes of pods that should be ready answering 200', () => {
    const history = probes(1999, [['pod-b', 10, 503]])
      .probe('pod-c', 503, { expectedReady: false })
      .probe('pod-c', null, { expectedReady: false })
      .build();
    const result = judge(healthCheckSuccess, history, 99.9);
    expect(result.verdict).toBe('pass');
    expect(result.value).toBeCloseTo(99.95);
    expect(result.details).toMatchObject({ probes: 2000, failed: 1, notExpectedReady: 2 });
  });

  it('fails at 99.9 %, naming the pods and times of the failed probes', () => {
    const history = probes(998, [
      ['pod-b', 10, 503],
      ['pod-c', 20, null],
    ]).build();
    const result = judge(healthCheckSuccess, history, 99.9);
    expect(result).toMatchObject({ verdict: 'fail', value: 99.8 });
    expect(result.evidence).toEqual([
      expect.objectContaining({ pod: 'pod-b', t: 10 }),
      expect.objectContaining({ pod: 'pod-c', t: 20 }),
    ]);
    expect(result.evidence[1]?.summary).toContain('answered nothing');
  });

  it('is unknown without probes of ready pods', () => {
    const history = new HistoryBuilder().probe('pod-a', 503, { expectedReady: false }).build();
    expect(judge(healthCheckSuccess, history, 99.9)).toMatchObject({ verdict: 'unknown', value: null });
  });
});
