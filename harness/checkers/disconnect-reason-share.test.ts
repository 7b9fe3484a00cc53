import { describe, expect, it } from 'vitest';
import { heartbeatTimeouts } from './heartbeat-timeouts.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { transportCloses } from './transport-closes.js';

/** 300 connections (c1..c300 on pod-a), a pod-a fault from t=1000 to t=2000. */
function fleet() {
  const b = new HistoryBuilder();
  for (let i = 1; i <= 300; i++) b.connect(`c${i}`, 'pod-a');
  return b.at(1000).faultStart('pod-pause-1', ['pod-a']);
}

describe('heartbeat-timeouts', () => {
  it('is the share of connections ending in a ping timeout outside fault windows', () => {
    const history = fleet()
      .at(1500)
      .disconnect('c1', { reason: 'ping timeout' }) // the fault's expected effect
      .disconnect('c2', { reason: 'ping timeout' })
      .at(2000)
      .faultEnd('pod-pause-1')
      .at(3000)
      .disconnect('c3', { reason: 'ping timeout', pod: 'pod-a' })
      .disconnect('c4', { reason: 'transport close' })
      .build();
    const result = judge(heartbeatTimeouts, history, 0.5);
    expect(result.verdict).toBe('pass');
    expect(result.value).toBeCloseTo(100 / 300);
    expect(result.details).toMatchObject({ connections: 300, matching: 1, insideFaults: 2 });
  });

  it('fails at the threshold, naming the client, pod and time', () => {
    const history = fleet()
      .at(2000)
      .faultEnd('pod-pause-1')
      .at(3000)
      .disconnect('c3', { reason: 'ping timeout', pod: 'pod-a' })
      .at(3100)
      .disconnect('c9', { reason: 'ping timeout', pod: 'pod-a' })
      .build();
    const result = judge(heartbeatTimeouts, history, 0.5);
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c3', pod: 'pod-a', t: 3000 }),
      expect.objectContaining({ client: 'c9', pod: 'pod-a', t: 3100 }),
    ]);
  });

  it('is unknown without connections', () => {
    expect(judge(heartbeatTimeouts, new HistoryBuilder().build(), 0.5)).toMatchObject({ verdict: 'unknown' });
  });
});

describe('transport-closes', () => {
  it('counts transport close and transport error outside fault windows, but not planned leaves', () => {
    const history = fleet()
      .at(1500)
      .disconnect('c1', { reason: 'transport close' })
      .at(2000)
      .faultEnd('pod-pause-1')
      .at(2500)
      .disconnect('c2', { reason: 'transport error' })
      .disconnect('c5', { reason: 'transport close', planned: true })
      .build();
    const result = judge(transportCloses, history, 0.1);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(100 / 300);
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c2', t: 2500 })]);
  });
});
