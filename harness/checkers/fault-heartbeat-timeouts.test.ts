import { describe, expect, it } from 'vitest';
import { faultHeartbeatTimeouts } from './fault-heartbeat-timeouts.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** 200 connections; a harmless fault from t=1000 to t=2000 (timeScale 1: 30 s recovery). */
function fleet() {
  const b = new HistoryBuilder();
  for (let i = 1; i <= 200; i++) b.connect(`c${i}`, 'pod-a');
  return b.at(1000).faultStart('link-latency-1', []);
}

describe('fault-heartbeat-timeouts', () => {
  it('passes at threshold 0 when no connection times out its heartbeat under the fault', () => {
    const history = fleet()
      .at(1500)
      .disconnect('c1', { reason: 'transport close' }) // another reason: fault-window-churn's business
      .at(2000)
      .faultEnd('link-latency-1')
      .at(100_000)
      .disconnect('c2', { reason: 'ping timeout' }) // after the recovery allowance: heartbeat-timeouts'
      .build();
    const result = judge(faultHeartbeatTimeouts, history, 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({ connections: 200, heartbeatTimeouts: 0, windows: 1 });
  });

  it('fails on one ping timeout inside the window or its recovery, naming client, pod and window', () => {
    const history = fleet()
      .at(1500)
      .disconnect('c7', { reason: 'ping timeout', pod: 'pod-a' })
      .at(2000)
      .faultEnd('link-latency-1')
      .at(20_000)
      .disconnect('c8', { reason: 'ping timeout', pod: 'pod-a' })
      .build();
    const result = judge(faultHeartbeatTimeouts, history, 0);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(1);
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c7', pod: 'pod-a', t: 1500 }),
      expect.objectContaining({ client: 'c8', pod: 'pod-a', t: 20_000 }),
    ]);
    expect(result.evidence[0]!.summary).toMatch(/link-latency-1/);
  });

  it('leaves out windows of faults that are expected to disturb pods', () => {
    const history = new HistoryBuilder()
      .connect('c1', 'pod-a')
      .connect('c2', 'pod-b')
      .at(1000)
      .faultStart('pod-pause-1', ['pod-a'])
      .at(1500)
      .disconnect('c1', { reason: 'ping timeout', pod: 'pod-a' })
      .at(2000)
      .faultEnd('pod-pause-1')
      .at(50_000)
      .faultStart('link-latency-2', [])
      .at(51_000)
      .faultEnd('link-latency-2')
      .build();
    expect(judge(faultHeartbeatTimeouts, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('is unknown without a harmless fault window', () => {
    const history = new HistoryBuilder().connect('c1', 'pod-a').build();
    expect(judge(faultHeartbeatTimeouts, history, 0)).toMatchObject({ verdict: 'unknown', value: null });
  });
});
