import { describe, expect, it } from 'vitest';
import { oomRestart } from './oom-restart.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const MiB = 1024 * 1024;
const target = [{ kind: 'pod' as const, name: 'pod-a' }];

/** A memory-pressure window on pod-a from 1 s to 20 s; `during` adds what the pod did. */
function pressure(during: (b: HistoryBuilder) => void, endT = 25_000) {
  const b = new HistoryBuilder().at(1_000).faultStart('memory-pressure-1', ['pod-a'], target);
  during(b);
  return b
    .at(Math.max(20_000, endT - 5_000))
    .faultEnd('memory-pressure-1')
    .at(endT)
    .end()
    .build();
}

const oomKill = (b: HistoryBuilder, t: number) =>
  b.at(t).push({
    type: 'pod.state',
    pod: 'pod-a',
    state: 'killed',
    exitCode: null,
    reason: 'OOMKilled',
    rssBytes: 170 * MiB,
    limitBytes: 168 * MiB,
  });

describe('oom-restart', () => {
  it('passes when the OOM-killed pod is ready again within the allowance', () => {
    const history = pressure((b) => {
      oomKill(b, 4_000);
      b.at(5_000).push({ type: 'pod.state', pod: 'pod-a', state: 'started' });
      b.at(6_000).push({ type: 'pod.state', pod: 'pod-a', state: 'ready' });
    });
    const result = judge(oomRestart, history, 30_000);
    expect(result).toMatchObject({ verdict: 'pass', value: 2_000, evidence: [] });
    expect(result.details).toMatchObject({
      oomKills: 1,
      'kill1.pod-a.restartMs': 2_000,
      'kill1.pod-a.rssMiB': 170,
    });
  });

  it('fails when the pod is never ready again, counting until the end of observation', () => {
    const history = pressure((b) => oomKill(b, 4_000), 40_000);
    const result = judge(oomRestart, history, 30_000);
    expect(result).toMatchObject({ verdict: 'fail', value: 36_000 });
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-a', t: 4_000 });
    expect(result.evidence[0]!.summary).toMatch(
      /OOM-killed at t=4000 \(RSS 170 MiB over its 168 MiB limit\) and never ready again/,
    );
  });

  it('fails when the restart takes longer than the allowance', () => {
    const history = pressure((b) => {
      oomKill(b, 4_000);
      b.at(44_000).push({ type: 'pod.state', pod: 'pod-a', state: 'ready' });
    }, 50_000);
    const result = judge(oomRestart, history, 30_000);
    expect(result).toMatchObject({ verdict: 'fail', value: 40_000 });
    expect(result.evidence[0]!.summary).toMatch(/ready again only at t=44000: 40000 ms/);
  });

  it('is unknown when the pod under memory pressure never went over its limit', () => {
    const result = judge(
      oomRestart,
      pressure(() => undefined),
      30_000,
    );
    expect(result.verdict).toBe('unknown');
    expect(result.error).toMatch(/memory-pressure-1: pod-a was never OOM-killed/);
  });
});
