import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history/events.js';
import { faultDeliveryLatency } from './fault-delivery-latency.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** Adds params to the fault.start of `id` (the builder's faultStart takes none). */
function withParams(history: HistoryEvent[], id: string, params: Record<string, unknown>): HistoryEvent[] {
  return history.map((e) => (e.type === 'fault.start' && e.id === id ? { ...e, params } : e));
}

/** Baseline deliveries of 5 ms at t < 10 s; a latency window 10..20 s; another 60..70 s. */
function twoWindows(slowMs: number, otherMs: number) {
  const b = new HistoryBuilder();
  for (let seq = 1; seq <= 4; seq++) b.at(seq * 1000).deliver('c1', 'r', seq, { latencyMs: 5 });
  b.at(10_000).faultStart('link-latency-1', []);
  for (let seq = 5; seq <= 8; seq++) b.at(seq * 1000 + 6000).deliver('c1', 'r', seq, { latencyMs: slowMs });
  b.at(20_000).faultEnd('link-latency-1');
  b.at(60_000).faultStart('link-latency-2', []);
  b.at(61_000).deliver('c1', 'r', 9, { latencyMs: otherMs });
  b.at(70_000).faultEnd('link-latency-2');
  const history = withParams(b.build(), 'link-latency-1', { latencyMs: 200, jitterMs: 50 });
  return withParams(history, 'link-latency-2', { latencyMs: 100 });
}

describe('fault-delivery-latency', () => {
  it('reports each window next to its injected delay and the baseline; value is the worst p99', () => {
    const result = judge(faultDeliveryLatency, twoWindows(250, 120), 1000);
    expect(result.verdict).toBe('pass');
    expect(result.value).toBeCloseTo(250);
    expect(result.details).toMatchObject({
      windows: 2,
      'baseline.count': 4,
      'baseline.p50': 5,
      'link-latency-1.count': 4,
      'link-latency-1.p99': 250,
      'link-latency-1.injectedMs': 200,
      'link-latency-1.addedP50': 245,
      'link-latency-2.count': 1,
      'link-latency-2.p50': 120,
      'link-latency-2.injectedMs': 100,
    });
  });

  it('fails when a window is over the threshold, naming the slow deliveries and their window', () => {
    const result = judge(faultDeliveryLatency, twoWindows(250, 1_400), 1000);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(1_400);
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c1', room: 'r', seq: 9, t: 61_000 }),
    ]);
    expect(result.evidence[0]!.summary).toMatch(/1400 ms after its commit, during link-latency-2/);
  });

  it('is unknown without a fault window, or when a window saw no delivery', () => {
    const calm = new HistoryBuilder().at(1000).deliver('c1', 'r', 1).build();
    expect(judge(faultDeliveryLatency, calm, 1000)).toMatchObject({ verdict: 'unknown' });
    const silent = new HistoryBuilder()
      .at(1000)
      .deliver('c1', 'r', 1)
      .at(1500)
      .faultStart('link-latency-1', [])
      .at(2000)
      .faultEnd('link-latency-1')
      .build();
    const result = judge(faultDeliveryLatency, silent, 1000);
    expect(result).toMatchObject({ verdict: 'unknown', value: null });
    expect(result.error).toMatch(/no delivery inside link-latency-1/);
  });
});
