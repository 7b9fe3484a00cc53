import { describe, expect, it } from 'vitest';
import { collateralChurn } from './collateral-churn.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** c1 on pod-a; c2, c3 on pod-b; c4 on pod-c. */
function fleet() {
  return new HistoryBuilder()
    .online('c1', 'pod-a')
    .online('c2', 'pod-b')
    .online('c3', 'pod-b')
    .online('c4', 'pod-c')
    .at(1000);
}

describe('collateral-churn', () => {
  it('passes when only clients of the affected pod drop, even if they drop again elsewhere', () => {
    const history = fleet()
      .faultStart('pod-kill-1', ['pod-a'])
      .at(1100)
      .disconnect('c1', { pod: 'pod-a' })
      .at(1200)
      .connect('c1', 'pod-b')
      .at(1300)
      .disconnect('c1', { pod: 'pod-b' })
      .at(2000)
      .faultEnd('pod-kill-1')
      .build();
    const result = judge(collateralChurn, history, 1);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({ windowsJudged: 1, 'pod-kill-1.bystanders': 3 });
  });

  it('fails when a bystander drops during the window, naming it, its pod and the time', () => {
    const history = fleet()
      .faultStart('pod-kill-1', ['pod-a'])
      .at(1100)
      .disconnect('c1', { pod: 'pod-a' })
      .at(1150)
      .disconnect('c3', { pod: 'pod-b', reason: 'ping timeout' })
      .at(2000)
      .faultEnd('pod-kill-1')
      .at(2100)
      .disconnect('c2', { pod: 'pod-b' }) // after the window: steady-state churn's business
      .build();
    const result = judge(collateralChurn, history, 1);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(100 / 3);
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c3', pod: 'pod-b', t: 1150 })]);
    expect(result.evidence[0]?.summary).toContain('pod-kill-1');
  });

  it('takes the disconnect’s pod from the attachment timeline when the event does not say', () => {
    const history = fleet()
      .faultStart('pod-kill-1', ['pod-a'])
      .at(1150)
      .disconnect('c4')
      .at(2000)
      .faultEnd('pod-kill-1')
      .build();
    expect(judge(collateralChurn, history, 1).evidence).toEqual([
      expect.objectContaining({ client: 'c4', pod: 'pod-c' }),
    ]);
  });

  it('makes no client collateral of a fault that affects every pod', () => {
    const history = fleet()
      .faultStart('redis-outage-1', ['pod-a', 'pod-b', 'pod-c'])
      .at(1100)
      .disconnect('c2', { pod: 'pod-b' })
      .build();
    const result = judge(collateralChurn, history, 1);
    expect(result).toMatchObject({ verdict: 'pass', value: 0, details: { windows: 1, windowsJudged: 0 } });
  });

  it('does not count a disconnect that an overlapping fault expects', () => {
    const history = fleet()
      .faultStart('pod-kill-1', ['pod-a'])
      .at(1050)
      .faultStart('pod-kill-2', ['pod-b'])
      .at(1100)
      .disconnect('c2', { pod: 'pod-b' })
      .at(2000)
      .faultEnd('pod-kill-1')
      .faultEnd('pod-kill-2')
      .build();
    expect(judge(collateralChurn, history, 1)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('counts clients that connect during the window as bystanders', () => {
    const history = fleet()
      .faultStart('pod-kill-1', ['pod-a'])
      .at(1100)
      .online('c5', 'pod-c')
      .at(1200)
      .disconnect('c5', { pod: 'pod-c' })
      .build();
    const result = judge(collateralChurn, history, 1);
    expect(result.value).toBeCloseTo(25);
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c5', t: 1200 })]);
  });
});
