import { describe, expect, it } from 'vitest';
import type { EventOfType, Unstamped } from '../events.js';
import { HistoryBuilder } from '../test-support/history-builder.js';
import { HARNESS_OVERLOAD_THRESHOLDS, harnessHealth } from './harness-health.js';

type Load = Unstamped<EventOfType<'harness.load'>>;

const QUIET: Load = {
  type: 'harness.load',
  intervalMs: 1000,
  ownCpu: 0.12,
  machineBusy: 0.35,
  steal: 0,
  loadAvg1: 0.8,
  cores: 2,
  loopLateMaxMs: 3.2,
};

/** A sample every second from `fromT` to `untilT`, each with `overrides(t)` applied. */
function sampled(
  builder: HistoryBuilder,
  fromT: number,
  untilT: number,
  overrides: (t: number) => Partial<Load>,
) {
  for (let t = fromT; t <= untilT; t += 1000) builder.at(t).push({ ...QUIET, ...overrides(t) });
  return builder;
}

describe('harnessHealth', () => {
  it('finds a quiet harness not overloaded, in the window and over the run', () => {
    const b = new HistoryBuilder().phase('boot').at(500).phase('warmup');
    sampled(b, 1000, 3000, () => ({}));
    b.at(3000).faultStart('kill-1', ['pod-a']);
    sampled(b, 4000, 6000, () => ({}));
    b.at(6000).faultEnd('kill-1');
    sampled(b, 7000, 9000, () => ({}));
    const history = b.at(9500).phase('judge').at(9600).end().build();
    const health = harnessHealth(history);

    expect(health.sampled).toBe(true);
    expect(health.overloaded).toBe(false);
    expect(health.thresholds).toBe(HARNESS_OVERLOAD_THRESHOLDS);
    expect(health.windows).toEqual([
      {
        id: 'kill-1',
        fault: 'kill',
        startT: 3000,
        endT: 6000,
        samples: 3,
        loopLateMaxMs: 3.2,
        ownCpuMax: 0.12,
        machineBusyMax: 0.35,
        stealMax: 0,
        loadPerCoreMax: 0.4,
        overloaded: false,
        reasons: [],
      },
    ]);
    expect(health.run).toMatchObject({ startT: 500, endT: 9500, samples: 9, overloaded: false, reasons: [] });

    const strict = harnessHealth(history, { ...HARNESS_OVERLOAD_THRESHOLDS, machineBusy: 0.3 });
    expect(strict.overloaded).toBe(true);
    expect(strict.windows[0]!.reasons).toEqual(['machine CPU 35 % busy']);
  });

  it('flags a window whose harness loop was 400 ms late, naming the figure', () => {
    const b = new HistoryBuilder().at(1000).faultStart('pause-1', ['pod-b']);
    sampled(b, 2000, 4000, (t) => (t === 3000 ? { loopLateMaxMs: 400 } : {}));
    const health = harnessHealth(b.at(4000).faultEnd('pause-1').at(5000).end().build());

    expect(health.overloaded).toBe(true);
    const [window] = health.windows;
    expect(window).toMatchObject({ id: 'pause-1', overloaded: true, loopLateMaxMs: 400 });
    expect(window!.reasons).toEqual(['harness event loop late by up to 400 ms']);
    expect(health.run.reasons).toEqual(['harness event loop late by up to 400 ms']);
  });

  it('counts a sample outside a window for the run but not for the window', () => {
    const spike = (t: number): Partial<Load> =>
      t === 2000 ? { loopLateMaxMs: 250, machineBusy: 0.97, steal: 0.14, ownCpu: 0.95, loadAvg1: 3.1 } : {};
    // The window takes the samples ending at 6 000, 7 000 and 8 000 (intervals 5 000–8 000): the
    // one ending at 5 000 only touches its start, the one ending at 9 000 starts at its end.
    const b = sampled(new HistoryBuilder(), 1000, 5000, spike).faultStart('latency-1', []);
    sampled(b, 6000, 8000, spike).faultEnd('latency-1');
    const history = sampled(b, 9000, 10_000, spike).end().build();

    const health = harnessHealth(history);
    expect(health.windows[0]).toMatchObject({
      startT: 5000,
      endT: 8000,
      samples: 3,
      overloaded: false,
      reasons: [],
      loopLateMaxMs: 3.2,
    });
    expect(health.run.samples).toBe(10);
    expect(health.run.overloaded).toBe(true);
    expect(health.overloaded).toBe(true);
    expect(health.run.reasons).toEqual([
      'harness event loop late by up to 250 ms',
      'harness process used 95 % of a core',
      'machine CPU 97 % busy',
      'CPU steal 14 %',
      'load average 3.1 on 2 cores',
    ]);
    expect(health.run).toMatchObject({
      ownCpuMax: 0.95,
      machineBusyMax: 0.97,
      stealMax: 0.14,
      loadPerCoreMax: 1.55,
    });
  });

  it('judges the run from the end of boot: a starting topology may load the machine', () => {
    const b = new HistoryBuilder().phase('boot');
    sampled(b, 1000, 3000, () => ({ machineBusy: 1, loopLateMaxMs: 180 }));
    b.at(3000).phase('warmup');
    sampled(b, 4000, 6000, () => ({}));
    const health = harnessHealth(b.at(6000).phase('judge').end().build());
    expect(health.run).toMatchObject({ startT: 3000, endT: 6000, samples: 3, overloaded: false });
    expect(health.overloaded).toBe(false);
  });

  it('leaves figures the machine could not tell null, and judges the rest', () => {
    const b = new HistoryBuilder();
    sampled(b, 1000, 2000, () => ({ machineBusy: null, steal: null, loadAvg1: null, ownCpu: 0.99 }));
    const health = harnessHealth(b.at(2000).end().build());
    expect(health.run).toMatchObject({
      machineBusyMax: null,
      stealMax: null,
      loadPerCoreMax: null,
      ownCpuMax: 0.99,
      overloaded: true,
      reasons: ['harness process used 99 % of a core'],
    });
  });

  it('says a history without harness.load samples was not sampled, without failing', () => {
    const history = new HistoryBuilder()
      .at(1000)
      .faultStart('kill-1', ['pod-a'])
      .at(2000)
      .faultEnd('kill-1')
      .at(3000)
      .end()
      .build();
    const health = harnessHealth(history);
    expect(health.sampled).toBe(false);
    expect(health.overloaded).toBe(false);
    expect(health.windows).toEqual([
      expect.objectContaining({
        id: 'kill-1',
        samples: 0,
        loopLateMaxMs: null,
        overloaded: false,
        reasons: [],
      }),
    ]);
    expect(health.run).toMatchObject({ samples: 0, loopLateMaxMs: null, overloaded: false });
    expect(harnessHealth([])).toMatchObject({ sampled: false, overloaded: false, windows: [] });
  });
});
