import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { outageCalibration } from './outage-calibration.js';
import { judge } from './test-support/history-builder.js';

const FAULT = 'client-link-blackhole-1';

/** c1 on pod-a (blackholed from 1000 to 4000), c2 on pod-b; room r1 hears a message every 40 ms. */
function blackhole(options: { c1HearsAt?: number } = {}) {
  const b = new HistoryBuilder().online('c1', 'pod-a', ['r1']).online('c2', 'pod-b', ['r1']);
  let seq = 0;
  for (let t = 40; t <= 1000; t += 40) b.at(t).deliverTo(['c1', 'c2'], 'r1', ++seq);
  b.at(1000).faultStart(FAULT, ['pod-a']);
  b.at(1005).push({ type: 'fault.injected', id: FAULT, fault: 'client-link-blackhole' });
  for (let t = 1040; t < 4000; t += 40) {
    b.at(t).deliver('c2', 'r1', ++seq);
    if (options.c1HearsAt !== undefined && t === options.c1HearsAt) b.deliver('c1', 'r1', seq);
  }
  b.at(4004).disconnect('c1', { pod: 'pod-a' });
  return b.at(4005).faultEnd(FAULT);
}

describe('outage-calibration', () => {
  it('measures the silence of the blackholed pod’s clients and compares it with the injected time', () => {
    const result = judge(outageCalibration, blackhole().build(), 250);
    // silence: last delivery at 1000 → the heal's disconnect at 4004 = 3004 ms; injected 1005 → 4005.
    expect(result).toMatchObject({ verdict: 'pass', value: 4 });
    expect(result.details).toMatchObject({ injectedMs: 3000, clients: 1, unmeasured: 0, biasMs: 4 });
  });

  it('fails when a client of the pod heard something inside the window (the cut did not hold)', () => {
    const result = judge(outageCalibration, blackhole({ c1HearsAt: 2000 }).build(), 250);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(2000);
    expect(result.evidence[0]).toMatchObject({ client: 'c1', pod: 'pod-a' });
    expect(result.evidence[0]!.summary).toContain('error -2000 ms');
  });

  it('fails when the silence is longer than the outage (a quiet room hides when the cut began)', () => {
    const quiet = blackhole()
      .build()
      .filter((e) => !(e.type === 'deliver' && e.client === 'c1' && e.t > 400 && e.t <= 1000));
    const result = judge(outageCalibration, quiet, 250);
    // last delivery at 400, the heal noticed at 4004: 3604 ms of silence for 3000 ms injected.
    expect(result).toMatchObject({ verdict: 'fail', value: 604 });
    expect(result.evidence[0]).toMatchObject({ client: 'c1', t: 400 });
  });

  it('is unknown without a completed calibration window or a measurable client', () => {
    expect(judge(outageCalibration, new HistoryBuilder().online('c1', 'pod-a').build(), 250).verdict).toBe(
      'unknown',
    );
    const noClientOnPod = new HistoryBuilder()
      .online('c2', 'pod-b', ['r1'])
      .at(1000)
      .faultStart(FAULT, ['pod-a'])
      .at(2000)
      .faultEnd(FAULT)
      .build();
    expect(judge(outageCalibration, noClientOnPod, 250).verdict).toBe('unknown');
  });

  it('is inconclusive when its error could come from the harness being late, and fails when it could not', () => {
    const quietWithLateness = (lateMs: number) =>
      blackhole()
        .at(4005)
        .harnessLoad(lateMs)
        .build()
        .filter((e) => !(e.type === 'deliver' && e.client === 'c1' && e.t > 400 && e.t <= 1000));
    // 604 ms of error: 604 ± 400 straddles ≤ 250 ms; 604 ± 300 is wholly past it.
    const undecided = judge(outageCalibration, quietWithLateness(400), 250);
    expect(undecided).toMatchObject({ verdict: 'inconclusive', value: 604, uncertainty: { margin: 400 } });
    expect(undecided.uncertainty?.reason).toMatch(/either side of the threshold \(<= 250 ms\)/);
    expect(judge(outageCalibration, quietWithLateness(300), 250)).toMatchObject({ verdict: 'fail' });
  });

  it('an arrival stamped within the loop lateness after the cut counts before it; a later one is a breach', () => {
    const withLateArrival = (lateMs: number) => {
      const b = blackhole({ c1HearsAt: 1040 }); // 35 ms after the cut at 1005
      return b.at(4005).harnessLoad(lateMs, { intervalMs: 4000 }).build();
    };
    // Late by up to 100 ms: the delivery at 1040 may have arrived before the cut.
    const excused = judge(outageCalibration, withLateArrival(100), 250);
    expect(excused.verdict).toBe('pass');
    expect(excused.value).toBeLessThan(100);
    // Late by up to 10 ms: it arrived through the cut (silent 40 ms of an injected 3000).
    expect(judge(outageCalibration, withLateArrival(10), 250)).toMatchObject({
      verdict: 'fail',
      value: 2960,
    });
  });

  it('with heal start recorded, the outage is known within [injected → healing, start → end]', () => {
    // The heal began at 4005 (3000 ms after the cut at 1005) but its calls took 600 ms: fault.end at 4605.
    // c1 notices the heal's close at 4500 (silence 3500 ms, inside 3000–3605); c3 left at 3500 by
    // its heartbeat, before the heal began: a detection, not a measurement of the outage.
    const b = new HistoryBuilder()
      .online('c1', 'pod-a', ['r1'])
      .online('c3', 'pod-a', ['r1'])
      .online('c2', 'pod-b', ['r1']);
    let seq = 0;
    for (let t = 40; t <= 1000; t += 40) b.at(t).deliverTo(['c1', 'c2', 'c3'], 'r1', ++seq);
    b.at(1000).faultStart(FAULT, ['pod-a']);
    b.at(1005).push({ type: 'fault.injected', id: FAULT, fault: 'client-link-blackhole' });
    b.at(3500).disconnect('c3', { pod: 'pod-a', reason: 'ping timeout' });
    b.at(4005).push({ type: 'fault.healing', id: FAULT, fault: 'client-link-blackhole' });
    b.at(4500).disconnect('c1', { pod: 'pod-a' });
    const result = judge(outageCalibration, b.at(4605).faultEnd(FAULT).build(), 250);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({
      injectedMs: 3000,
      injectedMaxMs: 3605,
      clients: 1,
      detectedBeforeHeal: 1,
    });
    expect(result.evidence[0]!.summary).toBe('c1 silent 3500 ms for an injected 3000–3605 ms (error 0 ms)');

    // Without the healing record the same history reads as a 3600 ms outage: c3's 2500 ms silence is then a 1100 ms error.
    const old = b.build().filter((e) => e.type !== 'fault.healing');
    expect(judge(outageCalibration, old, 250)).toMatchObject({ verdict: 'fail', value: 1100 });
  });
});
