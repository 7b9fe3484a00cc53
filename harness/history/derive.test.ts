import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from './test-support/history-builder.js';
import {
  attachmentTimeline,
  distribution,
  faultWindows,
  finalSyncT,
  observedEndT,
  percentile,
  phaseSpans,
  roomMembers,
  SessionTracker,
  subtractIntervals,
} from './derive.js';

describe('faultWindows', () => {
  it('pairs starts and ends by id; an open fault ends at the run’s end', () => {
    const history = new HistoryBuilder()
      .at(10)
      .faultStart('kill-1', ['pod-a'])
      .at(20)
      .faultStart('pause-2', ['pod-b'])
      .at(30)
      .faultEnd('kill-1')
      .faultEnd('ghost-9')
      .at(90)
      .end()
      .build();
    expect(faultWindows(history)).toEqual([
      expect.objectContaining({ id: 'kill-1', affectedPods: ['pod-a'], startT: 10, endT: 30, open: false }),
      expect.objectContaining({ id: 'pause-2', startT: 20, endT: 90, open: true }),
    ]);
  });
});

describe('phases', () => {
  it('spans each phase to the next one, the last to the run’s end', () => {
    const history = new HistoryBuilder()
      .phase('boot')
      .at(5)
      .phase('warmup')
      .at(9)
      .phase('final-sync')
      .at(12)
      .end()
      .build();
    expect(phaseSpans(history)).toEqual([
      { phase: 'boot', startT: 0, endT: 5 },
      { phase: 'warmup', startT: 5, endT: 9 },
      { phase: 'final-sync', startT: 9, endT: 12 },
    ]);
    expect(finalSyncT(history)).toBe(9);
    expect(observedEndT(history)).toBe(12);
  });

  it('ends the observed run at judge or teardown, whichever comes first', () => {
    const history = new HistoryBuilder().at(5).phase('teardown').at(7).phase('judge').at(9).end().build();
    expect(observedEndT(history)).toBe(5);
  });
});

describe('attachmentTimeline', () => {
  it('tells which pod a client was on at t', () => {
    const history = new HistoryBuilder()
      .at(10)
      .connect('c1', 'pod-a')
      .at(20)
      .disconnect('c1', { pod: 'pod-a' })
      .at(30)
      .push({
        type: 'client.connect',
        client: 'c1',
        pod: null,
        transport: 'polling',
        attempt: 2,
        reconnect: true,
      })
      .at(31)
      .push({ type: 'client.attach', client: 'c1', pod: 'pod-b', zone: 'b' })
      .build();
    const timeline = attachmentTimeline(history);
    expect([5, 10, 15, 20, 30, 31, 99].map((t) => timeline.podAt('c1', t))).toEqual([
      null,
      'pod-a',
      'pod-a',
      null,
      null,
      'pod-b',
      'pod-b',
    ]);
    expect(timeline.connectedAt('c1', 30)).toBe(true);
    expect(timeline.connectedAt('c1', 25)).toBe(false);
    expect(timeline.podAt('nobody', 10)).toBeNull();
  });
});

describe('roomMembers', () => {
  it('combines rooms.assigned with each client’s first join', () => {
    const history = new HistoryBuilder()
      .rooms({ r1: ['c1', 'c2'] })
      .at(5)
      .join('c1', 'r1', 0)
      .at(6)
      .join('c1', 'r1', 7)
      .join('c3', 'r1', 2)
      .build();
    const members = roomMembers(history).get('r1');
    expect(members?.get('c1')).toEqual({ client: 'c1', room: 'r1', fromSeq: 0, joinT: 5, assigned: true });
    expect(members?.get('c2')).toMatchObject({ fromSeq: null, assigned: true });
    expect(members?.get('c3')).toMatchObject({ fromSeq: 2, assigned: false });
  });
});

describe('SessionTracker', () => {
  it('is caught up once connected and every joined room resumed on this connection', () => {
    const tracker = new SessionTracker();
    const history = new HistoryBuilder()
      .join('c1', 'r1')
      .connect('c1', 'pod-a')
      .join('c1', 'r2')
      .resumed('c1', 'r1')
      .resumed('c1', 'r2')
      .build();
    const caughtUpAt = history.filter((e) => tracker.apply(e)).map((e) => e.type);
    expect(caughtUpAt).toEqual(['client.resumed']);
    expect(tracker.isCaughtUp('c1')).toBe(true);
    tracker.apply({
      t: 9,
      type: 'client.disconnect',
      client: 'c1',
      pod: 'pod-a',
      reason: 'x',
      planned: false,
    });
    expect(tracker.isCaughtUp('c1')).toBe(false);
  });
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100..1, unsorted
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile(values, 0)).toBe(1);
    expect(percentile([], 50)).toBeNull();
    expect(distribution([3, 1, 2])).toEqual({ count: 3, p50: 2, p95: 3, p99: 3, max: 3 });
    expect(distribution([])).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0 });
  });
});

describe('subtractIntervals', () => {
  it('removes overlapping holes from a span', () => {
    const holes = [
      { start: 20, end: 30 },
      { start: 25, end: 40 },
      { start: 90, end: 120 },
      { start: -5, end: 2 },
    ];
    expect(subtractIntervals({ start: 0, end: 100 }, holes)).toEqual([
      { start: 2, end: 20 },
      { start: 40, end: 90 },
    ]);
  });
});
