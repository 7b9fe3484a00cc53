import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { chartSeries } from './charts.js';
import { faultLatencySeries } from './fault-latency-series.js';

const DB_LINKS = [
  { kind: 'link' as const, name: 'pod-a->postgres' },
  { kind: 'link' as const, name: 'pod-b->postgres' },
];

function latencyStart(b: HistoryBuilder, id: string, params?: Record<string, unknown>) {
  return b.push({
    type: 'fault.start',
    id,
    fault: id.replace(/-\d+$/, ''),
    targets: DB_LINKS,
    affectedPods: [],
    ...(params ? { params } : {}),
  });
}

/** A send acked `latencyMs` after it was invoked, and delivered `deliveryMs` after its commit. */
function message(b: HistoryBuilder, seq: number, latencyMs: number, deliveryMs: number) {
  b.push({
    type: 'send.ok',
    client: 'c1',
    room: 'r',
    clientMsgId: `m${seq}`,
    seq,
    attempts: 1,
    latencyMs,
  });
  return b.deliver('c2', 'r', seq, { latencyMs: deliveryMs });
}

describe('faultLatencySeries', () => {
  it('puts each latency window next to its injected delay and the calm baseline', () => {
    // Time scale 0.1: the recovery after a window (30 runbook-s) is 3 000 ms.
    const b = new HistoryBuilder({ timeScale: 0.1 });
    for (let i = 1; i <= 5; i++) message(b.at(i * 1000), i, 20, 10 * i); // baseline: 10..50 ms
    latencyStart(b.at(10_000), 'link-latency-1', { latencyMs: 200, jitterMs: 50 });
    for (let i = 1; i <= 4; i++) message(b.at(10_000 + i * 1000), 10 + i, 400 + i, 450 + 10 * i);
    b.at(20_000).faultEnd('link-latency-1');
    message(b.at(21_000), 20, 999, 999); // in the recovery: neither window nor baseline
    b.at(30_000).faultStart('pod-kill-2', ['pod-a']); // no latency param: not a row
    message(b.at(31_000), 30, 888, 888);
    b.at(32_000).faultEnd('pod-kill-2');
    message(b.at(40_000), 40, 30, 60); // calm again
    const series = faultLatencySeries(b.end().build());

    expect(series?.baseline).toEqual({
      delivery: { count: 6, p50: 30, p99: 60 },
      sendAck: { count: 6, p50: 20, p99: 30 },
    });
    expect(series?.windows).toEqual([
      {
        id: 'link-latency-1',
        fault: 'link-latency',
        targets: ['pod-a->postgres', 'pod-b->postgres'],
        startT: 10_000,
        endT: 20_000,
        latencyMs: 200,
        jitterMs: 50,
        delivery: { count: 4, p50: 470, p99: 490 },
        sendAck: { count: 4, p50: 402, p99: 404 },
      },
    ]);
  });

  it('is absent from the charts when no fault injected latency', () => {
    const b = new HistoryBuilder().at(1000).faultStart('pod-kill-1', ['pod-a']);
    message(b.at(2000), 1, 5, 5);
    const history = b.at(3000).faultEnd('pod-kill-1').end().build();
    expect(faultLatencySeries(history)).toBeUndefined();
    expect(chartSeries(history, ['pod-a'])).not.toHaveProperty('faultLatency');
  });

  it('keeps a window that saw nothing (null percentiles) and one never healed (endT null)', () => {
    const b = new HistoryBuilder();
    latencyStart(b.at(1000), 'link-latency-1', { latencyMs: 100 });
    b.at(2000).faultEnd('link-latency-1');
    latencyStart(b.at(5000), 'link-latency-2', { latencyMs: 300, jitterMs: 20 });
    message(b.at(6000), 1, 650, 700);
    const series = faultLatencySeries(b.at(7000).end().build());
    expect(series?.baseline.delivery).toEqual({ count: 0, p50: null, p99: null });
    expect(series?.windows.map((w) => [w.id, w.endT, w.jitterMs, w.delivery, w.sendAck.p99])).toEqual([
      ['link-latency-1', 2000, 0, { count: 0, p50: null, p99: null }, null],
      ['link-latency-2', null, 20, { count: 1, p50: 700, p99: 700 }, 650],
    ]);
  });
});
