import { describe, expect, it } from 'vitest';
import { memoryCeiling } from './memory-ceiling.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { sample } from './test-support/soak-history.js';

const MiB = 1024 * 1024;

describe('memory-ceiling', () => {
  it('passes while every pod stays under 80 % of the runbook 512Mi limit', () => {
    const b = new HistoryBuilder();
    sample(b, 'pod-a', { connections: 20, rssMiB: 100 });
    sample(b.at(500), 'pod-a', { connections: 20, rssMiB: 256 });
    const result = judge(memoryCeiling, b.end().build(), 80);
    expect(result).toMatchObject({ verdict: 'pass', value: 50 });
    expect(result.details).toMatchObject({ samples: 2, 'pod-a.peakPercent': 50 });
  });

  it('fails on a sample over 80 % of the limit, naming the pod, the time and the size', () => {
    const b = new HistoryBuilder();
    sample(b, 'pod-a', { connections: 20, rssMiB: 100 });
    sample(b.at(500), 'pod-b', { connections: 20, rssMiB: 450 });
    const result = judge(memoryCeiling, b.end().build(), 80);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(87.9, 1);
    expect(result.evidence).toEqual([
      { pod: 'pod-b', t: 500, summary: 'pod-b: RSS 450 MiB at t=500 is 88 % of its 512 MiB limit' },
    ]);
  });

  it('leaves out the samples of a pod held to a smaller limit by a fault, until the limit is lifted', () => {
    const limited = (lateRssMiB: number) => {
      const b = new HistoryBuilder();
      b.push({ type: 'pod.memory-limit', pod: 'pod-a', limitBytes: 200 * MiB, rssBytes: 150 * MiB });
      sample(b.at(100), 'pod-a', { connections: 900, rssMiB: 480 });
      b.at(200).push({ type: 'pod.memory-limit', pod: 'pod-a', limitBytes: null, rssBytes: null });
      sample(b.at(300), 'pod-a', { connections: 20, rssMiB: lateRssMiB });
      return b.end().build();
    };
    expect(judge(memoryCeiling, limited(100), 80)).toMatchObject({
      verdict: 'pass',
      details: { samples: 1 },
    });
    expect(judge(memoryCeiling, limited(480), 80)).toMatchObject({ verdict: 'fail', evidence: [{ t: 300 }] });
  });
});
