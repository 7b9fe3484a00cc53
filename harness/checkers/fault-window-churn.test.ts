import { describe, expect, it } from 'vitest';
import { faultWindowChurn } from './fault-window-churn.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const MINUTE = 60_000;

/** 10 clients on pod-a from t=0; a harmless fault (affectedPods []) from 1 to 11 minutes. */
function latencyWindow() {
  const b = new HistoryBuilder();
  for (let i = 1; i <= 10; i++) b.online(`c${i}`, 'pod-a');
  return b.at(MINUTE).faultStart('link-latency-1', [], [{ kind: 'link', name: 'pod-a->postgres' }]);
}

describe('fault-window-churn', () => {
  it('is disconnects × 100 / connected-client-minutes inside harmless windows plus recovery', () => {
    // Window 1..11 min + 30 s recovery: 10.5 min × 10 clients = 105 client-minutes; 1 drop.
    const history = latencyWindow()
      .at(5 * MINUTE)
      .disconnect('c1', { pod: 'pod-a', reason: 'ping timeout' })
      .connect('c1', 'pod-a')
      .at(11 * MINUTE)
      .faultEnd('link-latency-1')
      .at(20 * MINUTE)
      .disconnect('c2', { pod: 'pod-a' }) // outside: steady-state-churn's business
      .connect('c2', 'pod-a')
      .phase('judge')
      .build();
    const result = judge(faultWindowChurn, history, 1);
    expect(result.verdict).toBe('pass');
    expect(result.value).toBeCloseTo(100 / 105);
    expect(result.details).toMatchObject({ disconnects: 1, windows: 1, 'reason:ping timeout': 1 });
    expect(result.details.observedMinutes).toBeCloseTo(10.5);
  });

  it('fails when a harmless fault churns, naming client, pod, time, reason and window', () => {
    const history = latencyWindow()
      .at(2 * MINUTE)
      .disconnect('c3', { pod: 'pod-b', reason: 'transport error' })
      .connect('c3', 'pod-a')
      .disconnect('c4', { pod: 'pod-a', reason: 'transport error' })
      .connect('c4', 'pod-c')
      .at(3 * MINUTE)
      .faultEnd('link-latency-1')
      .at(3 * MINUTE + 10_000)
      .disconnect('c5', { pod: 'pod-a', reason: 'transport close' }) // recovery allowance: counts
      .connect('c5', 'pod-a')
      .at(10 * MINUTE)
      .phase('judge')
      .build();
    const result = judge(faultWindowChurn, history, 1);
    expect(result.verdict).toBe('fail');
    // 3 drops over (2 min + 30 s) × 10 clients.
    expect(result.value).toBeCloseTo(300 / 25);
    expect(result.details).toMatchObject({ 'reason:transport error': 2, 'reason:transport close': 1 });
    expect(result.evidence[0]).toMatchObject({ client: 'c3', pod: 'pod-b', t: 2 * MINUTE });
    expect(result.evidence[0]!.summary).toMatch(/'transport error' during link-latency-1/);
    expect(result.evidence[2]!.summary).toMatch(/recovery allowance/);
  });

  it('ignores windows of faults that expect to disturb pods, planned leaves, and what follows judge', () => {
    const b = new HistoryBuilder();
    for (let i = 1; i <= 4; i++) b.online(`c${i}`, 'pod-a');
    const history = b
      .at(MINUTE)
      .faultStart('pod-kill-1', ['pod-a'])
      .disconnect('c1', { pod: 'pod-a' })
      .faultEnd('pod-kill-1')
      .at(MINUTE + 1)
      .faultStart('lb-affinity-off-2', [])
      .disconnect('c2', { planned: true, reason: 'server shutdown' })
      .at(2 * MINUTE)
      .faultEnd('lb-affinity-off-2')
      .phase('judge')
      .at(2 * MINUTE + 1)
      .disconnect('c3')
      .build();
    const result = judge(faultWindowChurn, history, 1);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details.windows).toBe(1);
  });

  it('scales the minute and the recovery allowance with the time scale', () => {
    // timeScale 0.1: a runbook minute is 6 s, the recovery 3 s. Window 10 s..16 s + 3 s = 9 s.
    const b = new HistoryBuilder();
    for (let i = 1; i <= 10; i++) b.online(`c${i}`, 'pod-a');
    const history = b
      .at(10_000)
      .faultStart('link-latency-1', [])
      .at(16_000)
      .faultEnd('link-latency-1')
      .at(18_000)
      .disconnect('c1', { pod: 'pod-a', reason: 'transport close' })
      .connect('c1', 'pod-a')
      .at(30_000)
      .phase('judge')
      .build();
    const result = judge(faultWindowChurn, history, 1, 0.1);
    expect(result.details.observedMinutes).toBeCloseTo(9_000 / 6_000);
    expect(result.value).toBeCloseTo(100 / ((10 * 9_000) / 6_000));
  });

  it('is unknown when no fault expects to disturb nobody', () => {
    const history = new HistoryBuilder().online('c1', 'pod-a').at(MINUTE).phase('judge').build();
    expect(judge(faultWindowChurn, history, 1)).toMatchObject({ verdict: 'unknown', value: null });
  });
});
