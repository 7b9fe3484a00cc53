import { describe, expect, it } from 'vitest';
import { reconnectTime } from './reconnect-time.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** c1 (rooms r1, r2) on pod-a, c2 on pod-b; pod-a is killed at t=1000. */
function podKill() {
  return new HistoryBuilder()
    .online('c1', 'pod-a', ['r1', 'r2'])
    .online('c2', 'pod-b', ['r1'])
    .at(1000)
    .faultStart('pod-kill-1', ['pod-a'])
    .at(1100)
    .disconnect('c1', { pod: 'pod-a' });
}

describe('reconnect-time', () => {
  it('passes with value 0 and count 0 when nobody disconnected unplanned', () => {
    const history = new HistoryBuilder()
      .online('c1', 'pod-a', ['r1'])
      .at(10)
      .disconnect('c1', { reason: 'server shutdown', planned: true })
      .build();
    const result = judge(reconnectTime, history, 5000);
    expect(result).toMatchObject({ verdict: 'pass', value: 0, details: { count: 0 } });
  });

  it('times disconnect → the last room resumed after the reconnect, and fault start → disconnect', () => {
    const history = podKill()
      .at(1500)
      .connect('c1', 'pod-b')
      .at(1600)
      .resumed('c1', 'r1')
      .at(1800)
      .resumed('c1', 'r2')
      .build();
    const result = judge(reconnectTime, history, 5000);
    expect(result).toMatchObject({ verdict: 'pass', value: 700 });
    expect(result.details).toMatchObject({
      count: 1,
      p50: 700,
      max: 700,
      detectionCount: 1,
      detectionP50: 100,
    });
  });

  it('fails when p95 reaches the threshold, naming the client, the pod it left and when', () => {
    const history = podKill().at(7000).connect('c1', 'pod-b').resumed('c1', 'r1').resumed('c1', 'r2').build();
    const result = judge(reconnectTime, history, 5000);
    expect(result).toMatchObject({ verdict: 'fail', value: 5900 });
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c1', pod: 'pod-a', t: 1100 })]);
  });

  it('keeps an outage open across a reconnect that dropped before it resumed', () => {
    const history = podKill()
      .at(1500)
      .connect('c1', 'pod-c')
      .resumed('c1', 'r1')
      .at(1550)
      .disconnect('c1', { pod: 'pod-c' })
      .at(2000)
      .connect('c1', 'pod-b')
      .resumed('c1', 'r1')
      .at(2100)
      .resumed('c1', 'r2')
      .build();
    const result = judge(reconnectTime, history, 5000);
    expect(result.value).toBe(1000);
    expect(result.details).toMatchObject({ count: 1, disconnectsDuringOutages: 1 });
  });

  it('does not time outages that never reconnected, and reports clients of affected pods that never noticed', () => {
    const history = new HistoryBuilder()
      .online('c1', 'pod-a', ['r1'])
      .online('c3', 'pod-a', ['r1'])
      .at(1000)
      .faultStart('pod-pause-1', ['pod-a'])
      .at(1200)
      .disconnect('c1', { pod: 'pod-a', reason: 'ping timeout' })
      .at(2000)
      .faultEnd('pod-pause-1')
      .build();
    const result = judge(reconnectTime, history, 5000);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({
      count: 0,
      notReconnected: 1,
      detectionCount: 1,
      detectionP50: 200,
      detectionMissing: 1,
    });
  });
});
