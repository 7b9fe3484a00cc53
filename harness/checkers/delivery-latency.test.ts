import { describe, expect, it } from 'vitest';
import { deliveryLatency } from './delivery-latency.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

function deliveries(fast: number, slow: Array<[client: string, seq: number, t: number, latencyMs: number]>) {
  const b = new HistoryBuilder();
  for (let seq = 1; seq <= fast; seq++) b.deliver('c1', 'r1', seq, { latencyMs: 20 });
  for (const [client, seq, t, latencyMs] of slow) b.at(t).deliver(client, 'r2', seq, { latencyMs });
  return b;
}

describe('delivery-latency', () => {
  it('is the p99 of deliver wall time − committedAt', () => {
    const result = judge(deliveryLatency, deliveries(99, [['c2', 1, 5, 900]]).build(), 1000);
    expect(result).toMatchObject({ verdict: 'pass', value: 20, details: { count: 100, p50: 20, max: 900 } });
  });

  it('fails when p99 reaches the threshold, naming the slowest deliveries first', () => {
    const history = deliveries(98, [
      ['c2', 1, 5, 1200],
      ['c3', 2, 6, 3000],
    ]).build();
    const result = judge(deliveryLatency, history, 1000);
    expect(result).toMatchObject({ verdict: 'fail', value: 1200 });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c3', room: 'r2', seq: 2, t: 6 }),
      expect.objectContaining({ client: 'c2', room: 'r2', seq: 1, t: 5 }),
    ]);
  });

  it('reports the p99 outside fault windows (and their recovery) separately', () => {
    const history = deliveries(98, [])
      .at(100)
      .faultStart('pod-kill-1', ['pod-a'])
      .deliver('c2', 'r2', 1, { latencyMs: 3000 })
      .deliver('c2', 'r2', 2, { latencyMs: 3000 })
      .build();
    const result = judge(deliveryLatency, history, 1000);
    expect(result).toMatchObject({
      verdict: 'fail',
      details: { countOutsideFaults: 98, p99OutsideFaults: 20 },
    });
  });

  it('is unknown without run.start or without deliveries', () => {
    const history = deliveries(3, []).build();
    expect(judge(deliveryLatency, history.slice(1), 1000)).toMatchObject({ verdict: 'unknown', value: null });
    expect(judge(deliveryLatency, new HistoryBuilder().build(), 1000)).toMatchObject({ verdict: 'unknown' });
  });
});
