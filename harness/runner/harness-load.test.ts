import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HarnessLoad, HistoryEvent, Unstamped } from '../history/events.js';
import { readHistory } from '../history/reader.js';
import type { HistorySink } from '../load/history-sink.js';
import { createRecorder } from '../history/recorder.js';
import { cpuFractions, HarnessLoadSampler, parseLoadavg, parseProcStat } from './harness-load.js';

type LoadSample = Unstamped<HarnessLoad>;

class Collect {
  readonly events: Array<Unstamped<HistoryEvent>> = [];
  record(event: Unstamped<HistoryEvent>) {
    this.events.push(event);
  }
  get samples(): LoadSample[] {
    return this.events.filter((e): e is LoadSample => e.type === 'harness.load');
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const spin = (ms: number) => {
  const until = performance.now() + ms;
  let x = 0;
  while (performance.now() < until) x += Math.sqrt(x + 1);
  return x;
};
const hasProc = existsSync('/proc/stat') && existsSync('/proc/loadavg');

const samplers: HarnessLoadSampler[] = [];
const sampler = (sink: HistorySink, options: ConstructorParameters<typeof HarnessLoadSampler>[1] = {}) => {
  const s = new HarnessLoadSampler(sink, options);
  samplers.push(s);
  return s;
};
afterEach(() => {
  for (const s of samplers.splice(0)) s.stop();
});

function expectSane(s: LoadSample, intervalMs: number) {
  expect(s.intervalMs).toBeGreaterThan(0);
  expect(s.intervalMs).toBeLessThan(intervalMs * 20);
  expect(s.ownCpu).toBeGreaterThanOrEqual(0);
  // A few threads (GC, libuv) may add up to a little over one core, never to many.
  expect(s.ownCpu).toBeLessThan(4);
  expect(s.cores).toBeGreaterThanOrEqual(1);
  expect(s.loopLateMaxMs).toBeGreaterThanOrEqual(0);
  expect(s.loopLateMaxMs).toBeLessThan(intervalMs * 20);
}

describe('/proc parsing', () => {
  it('reads the aggregate cpu line, leaving guest time out of the total', () => {
    const text = ['cpu  100 5 50 800 20 3 2 10 7 1', 'cpu0 50 2 25 400 10 1 1 5 3 0', 'intr 12345'].join(
      '\n',
    );
    expect(parseProcStat(text)).toEqual({ total: 990, idle: 820, steal: 10 });
    expect(parseProcStat('intr 1\n')).toBeNull();
  });

  it('turns two readings into busy and steal fractions', () => {
    const before = { total: 1000, idle: 800, steal: 0 };
    const after = { total: 2000, idle: 1500, steal: 50 };
    expect(cpuFractions(before, after)).toEqual({ busy: 0.3, steal: 0.05 });
    expect(cpuFractions(after, after)).toBeNull();
    expect(cpuFractions({ ...before, steal: null }, after)).toEqual({ busy: 0.3, steal: null });
  });

  it('reads the 1-minute load average', () => {
    expect(parseLoadavg('3.14 2.00 1.50 2/345 6789\n')).toBe(3.14);
    expect(parseLoadavg('')).toBeNull();
  });
});

describe('HarnessLoadSampler', () => {
  it.runIf(hasProc)(
    'records a harness.load event every interval from the real /proc, in sane ranges',
    async () => {
      const sink = new Collect();
      const s = sampler(sink, { intervalMs: 100 });
      s.start();
      await sleep(550);
      s.stop();
      const samples = sink.samples;
      // 5 ticks, give or take a loaded machine, plus the final partial interval.
      expect(samples.length).toBeGreaterThanOrEqual(3);
      for (const sample of samples) {
        expectSane(sample, 100);
        expect(sample.machineBusy).not.toBeNull();
        expect(sample.machineBusy).toBeGreaterThanOrEqual(0);
        expect(sample.machineBusy).toBeLessThanOrEqual(1);
        expect(sample.steal).not.toBeNull();
        expect(sample.steal).toBeGreaterThanOrEqual(0);
        expect(sample.steal).toBeLessThanOrEqual(1);
        expect(sample.loadAvg1).not.toBeNull();
        expect(sample.loadAvg1).toBeGreaterThanOrEqual(0);
      }
      // Stopped means stopped.
      const count = sink.events.length;
      await sleep(250);
      expect(sink.events.length).toBe(count);
    },
  );

  it('sees its own process busy, and its event loop late, when the test process spins', async () => {
    const sink = new Collect();
    // A long interval: only the samples this test takes by hand.
    const s = sampler(sink, { intervalMs: 60_000 });
    s.start();
    await sleep(300);
    const idle = s.sample();
    spin(400);
    // The loop's histogram learns of the block when its own timer fires again, right after it.
    await sleep(20);
    const busy = s.sample();
    expectSane(idle, 300);
    expectSane(busy, 400);
    expect(busy.ownCpu).toBeGreaterThan(idle.ownCpu);
    // On a machine shared with other tests the process may not get the whole core it asked for.
    expect(busy.ownCpu).toBeGreaterThan(0.3);
    expect(busy.loopLateMaxMs).toBeGreaterThan(300);
    expect(idle.loopLateMaxMs).toBeLessThan(busy.loopLateMaxMs);
    expect(sink.samples).toEqual([idle, busy]);
  });

  it('reports lateness of a blocked loop in the sample after it, as the timer sees it', async () => {
    const sink = new Collect();
    const s = sampler(sink, { intervalMs: 100 });
    s.start();
    await sleep(150);
    spin(350);
    await sleep(250);
    s.stop();
    const worst = Math.max(...sink.samples.map((e) => e.loopLateMaxMs));
    expect(worst).toBeGreaterThan(200);
    expect(Math.max(...sink.samples.map((e) => e.ownCpu))).toBeGreaterThan(0.3);
  });

  it('records what it can, and null for the rest, without /proc', async () => {
    const sink = new Collect();
    const s = sampler(sink, { intervalMs: 60_000, procDir: join(tmpdir(), 'no-such-proc-dir') });
    s.start();
    await sleep(100);
    const sample = s.sample();
    expectSane(sample, 100);
    expect(sample.steal).toBeNull();
    // os.cpus() still tells how busy the machine was, where it knows.
    if (sample.machineBusy !== null) {
      expect(sample.machineBusy).toBeGreaterThanOrEqual(0);
      expect(sample.machineBusy).toBeLessThanOrEqual(1);
    }
    if (process.platform === 'win32') expect(sample.loadAvg1).toBeNull();
  });

  it('stops cleanly when never started or twice, and survives a sink that throws', async () => {
    const never = new HarnessLoadSampler(new Collect());
    never.stop();
    never.stop();
    expect(() => new HarnessLoadSampler(new Collect(), { intervalMs: 0 })).toThrow(/positive/);

    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    try {
      const closed = {
        record(): never {
          throw new Error('history is closed');
        },
      };
      const s = sampler(closed, { intervalMs: 40 });
      s.start();
      await sleep(150);
      s.stop();
      s.stop();
      expect(warn).toHaveBeenCalled();
      expect(String(warn.mock.calls[0]?.[0])).toMatch(/harness load sample failed: history is closed/);
    } finally {
      warn.mockRestore();
    }
  });

  it('counts a late timer that called it as lateness', async () => {
    const sink = new Collect();
    const s = sampler(sink, { intervalMs: 60_000 });
    s.start();
    await sleep(30);
    expect(s.sample(250).loopLateMaxMs).toBeGreaterThanOrEqual(250);
  });
});

describe('harness.load in a history file', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('is written by the recorder and read back by the history reader', async () => {
    dir = mkdtempSync(join(tmpdir(), 'harness-load-'));
    const file = join(dir, 'history.jsonl');
    const recorder = createRecorder(file);
    const s = sampler(recorder, { intervalMs: 60_000 });
    s.start();
    await sleep(50);
    const recorded = s.sample();
    s.stop();
    await recorder.close();
    const history = await readHistory(file);
    const loads = history.filter((e) => e.type === 'harness.load');
    expect(loads.length).toBeGreaterThanOrEqual(1);
    expect(loads[0]).toEqual({ t: expect.any(Number), ...recorded });
  });
});
