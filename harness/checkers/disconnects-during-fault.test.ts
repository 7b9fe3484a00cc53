import { describe, expect, it } from 'vitest';
import { disconnectsDuringFault } from './disconnects-during-fault.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** c1 on pod-a; c2 on pod-b; c3 on pod-c. */
function fleet() {
  return new HistoryBuilder().online('c1', 'pod-a').online('c2', 'pod-b').online('c3', 'pod-c').at(1000);
}

describe('disconnects-during-fault', () => {
  it('passes when a fault with no affected pod (Redis, the database) disconnects nobody', () => {
    const history = fleet().faultStart('redis-stop-1', []).at(5000).faultEnd('redis-stop-1').end().build();
    const result = judge(disconnectsDuringFault, history, 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0, details: { windowsJudged: 1 } });
  });

  it('fails on any disconnect during a fault that should disturb nobody, naming client, pod and fault', () => {
    const history = fleet()
      .faultStart('redis-stop-1', [])
      .at(1500)
      .disconnect('c2', { pod: 'pod-b', reason: 'transport close' })
      .at(5000)
      .faultEnd('redis-stop-1')
      .build();
    const result = judge(disconnectsDuringFault, history, 0);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(1);
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c2', pod: 'pod-b', t: 1500 })]);
    expect(result.evidence[0]?.summary).toMatch(/during redis-stop-1, which should disturb no client/);
  });

  it('counts disconnects in the recovery allowance after the end (30 s × timeScale), not later', () => {
    const history = fleet()
      .faultStart('redis-blackhole-1', [])
      .at(2000)
      .faultEnd('redis-blackhole-1')
      .at(2000 + 2_900)
      .disconnect('c1', { pod: 'pod-a' }) // inside 3 000 ms at time scale 0.1
      .at(2000 + 3_100)
      .disconnect('c3', { pod: 'pod-c' }) // after it: steady-state churn's business
      .build();
    const result = judge(disconnectsDuringFault, history, 0, 0.1);
    expect(result.value).toBe(1);
    expect(result.evidence[0]).toMatchObject({ client: 'c1' });
    expect(result.evidence[0]?.summary).toMatch(/2900 ms after the end of redis-blackhole-1/);
  });

  it('expects the lost zone’s clients to drop, but not the survivors, also when the zone returns', () => {
    const history = fleet()
      .faultStart('zone-loss-1', ['pod-a'])
      .at(2000)
      .disconnect('c1', { pod: 'pod-a', reason: 'ping timeout' })
      .at(2100)
      .connect('c1', 'pod-b')
      .at(6000)
      .faultEnd('zone-loss-1')
      .at(6500)
      .disconnect('c1', { pod: 'pod-b' }) // moved onto a survivor, disturbed by the zone's return
      .build();
    const result = judge(disconnectsDuringFault, history, 0, 1);
    expect(result.value).toBe(1);
    expect(result.details).toMatchObject({ expected: 1 });
    expect(result.evidence[0]).toMatchObject({ client: 'c1', pod: 'pod-b', t: 6500 });
  });

  it('ignores planned disconnects, and does not judge faults that affect every pod', () => {
    const history = fleet()
      .faultStart('complete-outage-1', ['pod-a', 'pod-b', 'pod-c'])
      .at(1200)
      .disconnect('c1', { pod: 'pod-a' })
      .disconnect('c2', { pod: 'pod-b', planned: true })
      .at(3000)
      .faultEnd('complete-outage-1')
      .build();
    const result = judge(disconnectsDuringFault, history, 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0, details: { windows: 1, windowsJudged: 0 } });
  });

  it('is unknown without any fault window', () => {
    expect(judge(disconnectsDuringFault, fleet().build(), 0).verdict).toBe('unknown');
  });
});
