import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';
import type { HarnessLoad, Unstamped } from '../history/events.js';
import type { HistorySink } from '../load/history-sink.js';

/** The event loop histogram's resolution: it counts this much as delay, so lateness is max − it. */
const LOOP_RESOLUTION_MS = 10;

export interface HarnessLoadOptions {
  /** How often to record a sample, ms. Default 1000. */
  intervalMs?: number;
  /** Where procfs is mounted. Default '/proc'; tests point it elsewhere to play a machine without it. */
  procDir?: string;
}

/** Aggregate CPU time counters since boot, in any one unit (ticks from /proc/stat, ms from os.cpus()). */
export interface CpuTimes {
  /** Every category that is time spent (user … steal; guest time is already inside user and nice). */
  total: number;
  /** idle + iowait: the CPU had nothing to run. */
  idle: number;
  /** Time a hypervisor ran something else while this machine wanted the CPU; null when unknown. */
  steal: number | null;
}

/**
 * The aggregate `cpu` line of /proc/stat: user nice system idle iowait irq softirq steal guest
 * guest_nice. guest and guest_nice are already counted in user and nice, so they are left out of
 * the total. Null when the text has no such line.
 */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => /^cpu\s/.test(l));
  if (line === undefined) return null;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n))) return null;
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return {
    total: user + nice + system + idle + iowait + irq + softirq + steal,
    idle: idle + iowait,
    steal,
  };
}

/** The 1-minute load average, the first field of /proc/loadavg. */
export function parseLoadavg(text: string): number | null {
  const first = text.trim().split(/\s+/)[0] ?? '';
  const value = first === '' ? Number.NaN : Number(first);
  return Number.isFinite(value) ? value : null;
}

/** Busy and steal fractions of CPU time between two readings; null when no time passed between them. */
export function cpuFractions(
  before: CpuTimes,
  after: CpuTimes,
): { busy: number; steal: number | null } | null {
  const total = after.total - before.total;
  if (!(total > 0)) return null;
  const clamp = (x: number) => Math.min(1, Math.max(0, x));
  const steal =
    before.steal === null || after.steal === null ? null : clamp((after.steal - before.steal) / total);
  return {
    busy: round3(clamp(1 - (after.idle - before.idle) / total)),
    steal: steal === null ? null : round3(steal),
  };
}

/**
 * Records how loaded the harness and its machine are, every `intervalMs`, as `harness.load`
 * events: a verdict must never hinge on the harness having been starved. Each sample covers the
 * interval since the previous one (or since start): the harness process's own CPU, the machine's
 * CPU busy and steal fractions (/proc/stat), the 1-minute load average against the cores, and the
 * event loop's worst lateness (its own histogram, reset every sample). Without /proc the machine's
 * busy fraction comes from os.cpus(), the load average from os.loadavg() (not on Windows), and
 * steal is null.
 */
export class HarnessLoadSampler {
  readonly intervalMs: number;
  private readonly procDir: string;
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  private timer: NodeJS.Timeout | undefined;
  private probe: NodeJS.Timeout | undefined;
  private running = false;
  private lastWallMs = 0;
  private lastCpuUsage: NodeJS.CpuUsage = process.cpuUsage();
  private lastMachine: CpuTimes | null = null;
  /** Lateness seen by the probe armed at the last sample, for the next one. */
  private probeLateMs = 0;

  constructor(
    private readonly sink: HistorySink,
    options: HarnessLoadOptions = {},
  ) {
    this.intervalMs = options.intervalMs ?? 1000;
    if (!(this.intervalMs > 0))
      throw new Error(`harness load interval must be positive, got ${this.intervalMs}`);
    this.procDir = options.procDir ?? '/proc';
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.lastWallMs = performance.now();
    this.lastCpuUsage = process.cpuUsage();
    this.lastMachine = this.machineTimes();
    this.histogram.reset();
    this.histogram.enable();
    this.armProbe(this.lastWallMs);
    this.timer = setInterval(() => {
      // The timer itself fires late when the loop was blocked as it came due.
      this.sampleSafely(performance.now() - this.lastWallMs - this.intervalMs);
    }, this.intervalMs);
    // The sampler watches the run; it must never be what keeps the process alive.
    this.timer.unref();
  }

  /**
   * Stops sampling. The interval since the last sample is recorded too when it is at least a
   * quarter of `intervalMs` (shorter ones say little). Idempotent.
   */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    clearInterval(this.timer);
    this.timer = undefined;
    if (performance.now() - this.lastWallMs >= this.intervalMs / 4) this.sampleSafely(0);
    clearTimeout(this.probe);
    this.probe = undefined;
    this.histogram.disable();
  }

  /**
   * Records (and returns) a sample of the interval since the previous one, and starts the next.
   * `timerLateMs`: how late the caller's timer fired, when it knows.
   */
  sample(timerLateMs = 0): Unstamped<HarnessLoad> {
    const wallMs = performance.now();
    const cpuUsage = process.cpuUsage();
    const machine = this.machineTimes();
    const elapsedMs = wallMs - this.lastWallMs;
    const ownCpuUs = cpuUsage.user - this.lastCpuUsage.user + (cpuUsage.system - this.lastCpuUsage.system);
    const fractions =
      this.lastMachine === null || machine === null ? null : cpuFractions(this.lastMachine, machine);
    // The histogram counts its own resolution as delay; what is left is lateness (as clock-check).
    const histogramLateMs = this.histogram.max / 1e6 - LOOP_RESOLUTION_MS;
    // A reset histogram drops the first delay it measures after the reset, so a block starting
    // around a sample is caught by the probe armed at it, or by the late timer that called us.
    const lateMs = Math.max(histogramLateMs, this.probeLateMs, timerLateMs, 0);
    const event: Unstamped<HarnessLoad> = {
      type: 'harness.load',
      intervalMs: Math.round(elapsedMs * 10) / 10,
      ownCpu: elapsedMs > 0 ? round3(ownCpuUs / 1000 / elapsedMs) : 0,
      machineBusy: fractions?.busy ?? null,
      steal: fractions?.steal ?? null,
      loadAvg1: this.loadAverage(),
      cores: availableParallelism(),
      loopLateMaxMs: Math.round(lateMs * 10) / 10,
    };
    this.histogram.reset();
    this.lastWallMs = wallMs;
    this.lastCpuUsage = cpuUsage;
    this.lastMachine = machine;
    this.armProbe(wallMs);
    this.sink.record(event);
    return event;
  }

  /**
   * One timer of the histogram's resolution after a reset: by the time it fires the histogram is
   * measuring again, and how late it fired is the delay the histogram could not see.
   */
  private armProbe(fromMs: number): void {
    clearTimeout(this.probe);
    this.probeLateMs = 0;
    if (!this.running) return;
    this.probe = setTimeout(() => {
      this.probe = undefined;
      this.probeLateMs = Math.max(0, performance.now() - fromMs - LOOP_RESOLUTION_MS);
    }, LOOP_RESOLUTION_MS);
    this.probe.unref();
  }

  private sampleSafely(timerLateMs: number): void {
    try {
      this.sample(timerLateMs);
    } catch (err) {
      // A closed history or an odd /proc must not take the run down; the next sample may succeed.
      process.emitWarning(`harness load sample failed: ${(err as Error).message}`, { code: 'HARNESS_LOAD' });
    }
  }

  private machineTimes(): CpuTimes | null {
    const stat = this.readProc('stat');
    if (stat !== null) return parseProcStat(stat);
    // No procfs: every core's times from the OS (ms), without steal.
    const all = cpus();
    if (all.length === 0) return null;
    let total = 0;
    let idle = 0;
    for (const { times } of all) {
      total += times.user + times.nice + times.sys + times.idle + times.irq;
      idle += times.idle;
    }
    return { total, idle, steal: null };
  }

  private loadAverage(): number | null {
    const text = this.readProc('loadavg');
    if (text !== null) return parseLoadavg(text);
    // Windows has no load average: os.loadavg() answers zeros there, which would read as idle.
    return process.platform === 'win32' ? null : (loadavg()[0] ?? null);
  }

  private readProc(file: string): string | null {
    try {
      return readFileSync(join(this.procDir, file), 'utf8');
    } catch {
      return null;
    }
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
