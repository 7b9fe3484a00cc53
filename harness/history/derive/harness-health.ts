import type { EventOfType, HistoryEvent } from '../events.js';
import { faultWindows } from './fault-windows.js';
import { observedEndT, phaseSpans } from './run.js';

export type HarnessLoadEvent = EventOfType<'harness.load'>;

/**
 * When the harness counts as overloaded: any one figure above its limit, in any sample that
 * overlaps the span judged.
 *
 * - loopLateMs 100: every event is stamped on the harness's event loop, so each timestamp may be
 *   late by this much. 100 ms is a tenth of the runbook's 1 s delivery-latency limit and a fiftieth
 *   of its 5 s reconnect limit: beyond it, lateness alone can move a measurement across a limit. A
 *   healthy loop is late by a few ms.
 * - ownCpu 0.9: Node runs the harness on one thread; a process near a whole core is queueing its
 *   own callbacks, so what it measures includes its own waiting.
 * - machineBusy 0.9: the gateways, Redis, PostgreSQL, the load balancer and the harness share the
 *   machine; above 90 % they wait for one another, and a slow gateway cannot be told from a starved
 *   one.
 * - steal 0.1: a hypervisor taking a tenth of the CPU time stalls everything on the machine in
 *   bursts that no process can see from inside.
 * - loadPerCore 1.5: half as many runnable tasks again as cores means most tasks wait for a core.
 *   The 1-minute load average is smoothed and lags (it decays over about a minute), so it also
 *   catches sustained contention between samples, and may stay high for a while after a busy boot.
 */
export const HARNESS_OVERLOAD_THRESHOLDS: Readonly<HarnessOverloadThresholds> = {
  loopLateMs: 100,
  ownCpu: 0.9,
  machineBusy: 0.9,
  steal: 0.1,
  loadPerCore: 1.5,
};

/** Limits above which a figure makes the harness overloaded (fractions of one core / of CPU time). */
export interface HarnessOverloadThresholds {
  loopLateMs: number;
  ownCpu: number;
  machineBusy: number;
  steal: number;
  loadPerCore: number;
}

/** The worst of each figure over the samples that overlap a span; null when no sample had it. */
export interface HarnessLoadFigures {
  startT: number;
  endT: number;
  /** harness.load samples whose interval overlaps [startT, endT]. */
  samples: number;
  loopLateMaxMs: number | null;
  ownCpuMax: number | null;
  machineBusyMax: number | null;
  stealMax: number | null;
  /** The largest 1-minute load average / cores of any sample. */
  loadPerCoreMax: number | null;
  overloaded: boolean;
  /** One sentence with its figure per limit crossed, e.g. "machine CPU 97 % busy". */
  reasons: string[];
}

export interface HarnessHealthWindow extends HarnessLoadFigures {
  /** The fault window's id and fault name. */
  id: string;
  fault: string;
}

export interface HarnessHealth {
  /** false for a history without harness.load samples (a run from before they were recorded). */
  sampled: boolean;
  /** The harness was overloaded somewhere in the judged run (and so possibly in a window). */
  overloaded: boolean;
  /** One per fault window, in start order. */
  windows: HarnessHealthWindow[];
  /** The observed run: from the end of boot to the start of judging or teardown. */
  run: HarnessLoadFigures;
  thresholds: Readonly<HarnessOverloadThresholds>;
}

/**
 * Whether the harness or its machine was too busy to be trusted, per fault window and over the
 * run, from the harness.load samples. A sample covers (t − intervalMs, t] and counts for every span
 * it overlaps. The run starts where boot ends: starting the topology loads the machine by design,
 * and nothing a verdict uses is measured before it.
 */
export function harnessHealth(
  history: readonly HistoryEvent[],
  thresholds: Readonly<HarnessOverloadThresholds> = HARNESS_OVERLOAD_THRESHOLDS,
): HarnessHealth {
  const samples = history.filter((e): e is HarnessLoadEvent => e.type === 'harness.load');
  const windows = faultWindows(history).map((w) => ({
    id: w.id,
    fault: w.fault,
    ...figures(samples, w.startT, w.endT, thresholds),
  }));
  const boot = phaseSpans(history).find((span) => span.phase === 'boot');
  const endT = observedEndT(history);
  const run = figures(samples, Math.min(boot?.endT ?? history[0]?.t ?? 0, endT), endT, thresholds);
  return {
    sampled: samples.length > 0,
    overloaded: run.overloaded || windows.some((w) => w.overloaded),
    windows,
    run,
    thresholds,
  };
}

function figures(
  all: readonly HarnessLoadEvent[],
  startT: number,
  endT: number,
  limits: Readonly<HarnessOverloadThresholds>,
): HarnessLoadFigures {
  const samples = all.filter((s) => sampleOverlaps(s, startT, endT));
  const max = (values: Array<number | null | undefined>): number | null => {
    const known = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
    return known.length > 0 ? Math.max(...known) : null;
  };
  const perCore = (s: HarnessLoadEvent) =>
    s.loadAvg1 === null || !(s.cores > 0) ? null : s.loadAvg1 / s.cores;

  const loopLateMaxMs = max(samples.map((s) => s.loopLateMaxMs));
  const ownCpuMax = max(samples.map((s) => s.ownCpu));
  const machineBusyMax = max(samples.map((s) => s.machineBusy));
  const stealMax = max(samples.map((s) => s.steal));
  const loadPerCoreMax = max(samples.map(perCore));

  const reasons: string[] = [];
  if (loopLateMaxMs !== null && loopLateMaxMs > limits.loopLateMs)
    reasons.push(`harness event loop late by up to ${Math.round(loopLateMaxMs)} ms`);
  if (ownCpuMax !== null && ownCpuMax > limits.ownCpu)
    reasons.push(`harness process used ${percent(ownCpuMax)} % of a core`);
  if (machineBusyMax !== null && machineBusyMax > limits.machineBusy)
    reasons.push(`machine CPU ${percent(machineBusyMax)} % busy`);
  if (stealMax !== null && stealMax > limits.steal) reasons.push(`CPU steal ${percent(stealMax)} %`);
  if (loadPerCoreMax !== null && loadPerCoreMax > limits.loadPerCore) {
    const worst = samples.find((s) => perCore(s) === loadPerCoreMax)!;
    const cores = worst.cores === 1 ? '1 core' : `${worst.cores} cores`;
    reasons.push(`load average ${worst.loadAvg1!.toFixed(1)} on ${cores}`);
  }

  return {
    startT,
    endT,
    samples: samples.length,
    loopLateMaxMs,
    ownCpuMax,
    machineBusyMax,
    stealMax,
    loadPerCoreMax: loadPerCoreMax === null ? null : Math.round(loadPerCoreMax * 100) / 100,
    overloaded: reasons.length > 0,
    reasons,
  };
}

/**
 * Whether the sample's interval (t − intervalMs, t] meets [startT, endT]: a sample that ends right
 * at startT, or begins right at endT, covers only time outside the span.
 */
export function sampleOverlaps(sample: HarnessLoadEvent, startT: number, endT: number): boolean {
  const intervalMs = Number.isFinite(sample.intervalMs) ? Math.max(0, sample.intervalMs) : 0;
  return sample.t > startT && sample.t - intervalMs < endT;
}

function percent(fraction: number): number {
  return Math.round(fraction * 100);
}
