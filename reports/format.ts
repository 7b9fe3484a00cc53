// Number, unit and time formatting shared by every human-readable reporter.
import type { CriterionResult, Verdict } from '../harness/checkers/types.js';
import { notApplicableReason, verdictCounts, type RunResult } from '../harness/runner/result.js';

/** Shown where a checker could not measure its value. */
export const NOT_MEASURED = '—';

/**
 * Plain, locale-independent number: integers as they are, fractions to five significant digits
 * (one decimal at 1000 and above), so 99.95 % never reads as 100 % next to a 99.9 % threshold.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Number.isInteger(n)) return String(n);
  if (Math.abs(n) >= 1000) return String(Number(n.toFixed(1)));
  return String(Number(n.toPrecision(5)));
}

export function withUnit(n: number, unit: string): string {
  const num = formatNumber(n);
  if (unit === '') return num;
  return unit === '%' ? `${num}%` : `${num} ${unit}`;
}

/** The value, with its error bar when it has one: "1357 ms ± 409". */
export function formatValue(c: Pick<CriterionResult, 'value' | 'unit' | 'uncertainty'>): string {
  if (c.value === null) return NOT_MEASURED;
  const bar = c.uncertainty === undefined ? '' : ` ± ${formatNumber(Math.round(c.uncertainty.margin))}`;
  return withUnit(c.value, c.unit) + bar;
}

/** Why a verdict is inconclusive or unknown, in one sentence; null for a pass or a fail. */
export function undecidedReason(
  c: Pick<CriterionResult, 'verdict' | 'uncertainty' | 'error'>,
): string | null {
  if (c.verdict === 'inconclusive')
    return c.uncertainty?.reason ?? 'the value could be on either side of the threshold';
  if (c.verdict === 'unknown') return c.error ?? 'the checker could not judge this criterion';
  return null;
}

export function formatThreshold(c: Pick<CriterionResult, 'comparison' | 'threshold' | 'unit'>): string {
  return `${c.comparison} ${withUnit(c.threshold, c.unit)}`;
}

/** Secondary figures of a criterion, e.g. "p50 812 ms · p99 7100 ms · samples 42". */
export function formatDetails(c: Pick<CriterionResult, 'details'>): string {
  return Object.entries(c.details)
    .map(([key, value]) => `${key} ${formatNumber(value)}`)
    .join(' · ');
}

/** Seconds with one decimal, from milliseconds. */
export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A harness duration and what it stands for in the runbook's own seconds. */
export function harnessAndRunbook(ms: number, timeScale: number): string {
  if (timeScale === 1 || timeScale <= 0) return seconds(ms);
  return `${seconds(ms)} harness (${seconds(ms / timeScale)} runbook)`;
}

/** One sentence explaining the time scale; every timer in the runbook was multiplied by it. */
export function timeScaleNote(timeScale: number): string {
  if (timeScale === 1) return 'runbook timers run in real time (1 harness second = 1 runbook second)';
  if (timeScale <= 0) return `invalid time scale ${timeScale}`;
  return (
    `runbook timers multiplied by ${formatNumber(timeScale)}: ` +
    `1 harness second = ${formatNumber(1 / timeScale)} runbook seconds`
  );
}

/** A point on the run's timeline (ms since run start). */
export function formatT(ms: number): string {
  return `t+${seconds(ms)}`;
}

/** PASS, FAIL, INCONCLUSIVE, UNKNOWN, or N/A for a criterion not applicable to the target. */
export function verdictLabel(verdict: Verdict): string {
  return verdict === 'not-applicable' ? 'N/A' : verdict.toUpperCase();
}

export interface VerdictCounts {
  pass: number;
  fail: number;
  inconclusive: number;
  unknown: number;
  /** Not applicable to the target: counted apart, never with the passes. */
  notApplicable: number;
  total: number;
}

export function countVerdicts(criteria: readonly CriterionResult[]): VerdictCounts {
  const n = verdictCounts(criteria);
  return {
    pass: n.pass,
    fail: n.fail,
    inconclusive: n.inconclusive,
    unknown: n.unknown,
    notApplicable: n['not-applicable'],
    total: criteria.length,
  };
}

/** "not applicable: the target does not offer acks (…)"; null for any other verdict. */
export function notApplicableLine(c: Pick<CriterionResult, 'verdict' | 'notApplicable'>): string | null {
  const why = notApplicableReason(c);
  return why === null ? null : `not applicable: ${why}`;
}

export { notApplicableReason };

/** "FAIL: 2 of 6 criteria failed, 1 unknown, 2 passed, 1 not applicable; 1 harness error". */
export function summarize(result: Pick<RunResult, 'verdict' | 'criteria' | 'errors'>): string {
  const n = countVerdicts(result.criteria);
  const parts: string[] = [];
  if (n.total === 0) parts.push('no criteria were judged');
  else {
    if (n.fail > 0) parts.push(`${n.fail} of ${n.total} criteria failed`);
    const ofTotal = (count: number, word: string) =>
      `${count}${parts.length > 0 ? '' : ` of ${n.total}`} ${word}`;
    if (n.inconclusive > 0) parts.push(ofTotal(n.inconclusive, 'inconclusive'));
    if (n.unknown > 0) parts.push(ofTotal(n.unknown, 'unknown'));
    parts.push(
      n.pass === n.total
        ? `all ${n.total} criteria passed`
        : parts.length === 0
          ? `${n.pass} of ${n.total} criteria passed`
          : `${n.pass} passed`,
    );
    if (n.notApplicable > 0) parts.push(`${n.notApplicable} not applicable to the target`);
  }
  const errors = result.errors.length;
  const tail = errors > 0 ? `; ${errors} harness error${errors === 1 ? '' : 's'}` : '';
  return `${verdictLabel(result.verdict)}: ${parts.join(', ')}${tail}`;
}

/** Failed criteria first, then unknown, inconclusive, passed, not applicable; stable within a verdict. */
export function byVerdict<T extends Pick<CriterionResult, 'verdict'>>(criteria: readonly T[]): T[] {
  const rank: Record<Verdict, number> = {
    fail: 0,
    unknown: 1,
    inconclusive: 2,
    pass: 3,
    'not-applicable': 4,
  };
  return [...criteria].sort((a, b) => rank[a.verdict] - rank[b.verdict]);
}

const percent = (fraction: number) => `${Math.round(fraction * 100)} %`;

/**
 * What the report says first when the harness or its machine was overloaded during a fault window
 * (result.harnessHealth), where the verdicts are measured: one line per such window and one with the
 * run's figures. Empty otherwise (a busy boot or settle is in the run facts' "Harness load" only),
 * and for runs recorded before the harness sampled its own load.
 */
export function harnessOverloadLines(result: Pick<RunResult, 'harnessHealth'>): string[] {
  const health = result.harnessHealth;
  if (!health?.sampled || !health.overloaded) return [];
  const windows = health.windows.filter((w) => w.overloaded);
  const lines = windows.map(
    (w) =>
      `Harness overloaded during ${w.id} (${formatT(w.startT)}–${formatT(w.endT)}): ${w.reasons.join('; ')}.`,
  );
  if (lines.length === 0) return [];
  lines.push(
    `Timing verdicts carry this in their error bars (a value that could be on either side of its threshold is INCONCLUSIVE); over the run: ${harnessLoadLine(result)}.`,
  );
  return lines;
}

/** "pod-kill-3 started 1.2 s late: pod-a is busy: pod-kill-2 is healing it", one per delayed fault. */
export function faultDelayLines(result: Pick<RunResult, 'faultsDelayed'>): string[] {
  return (result.faultsDelayed ?? []).map(
    (d) => `${d.id} started ${seconds(d.waitedMs)} late, waiting for its planned target: ${d.reason}`,
  );
}

/** The worst of the harness's own load figures over the run, e.g. "machine CPU up to 93 % busy, …". */
export function harnessLoadLine(result: Pick<RunResult, 'harnessHealth'>): string | null {
  const r = result.harnessHealth?.sampled ? result.harnessHealth.run : null;
  if (r === null) return null;
  return [
    r.loopLateMaxMs === null
      ? null
      : `event loop late by up to ${formatNumber(Math.round(r.loopLateMaxMs))} ms`,
    r.ownCpuMax === null ? null : `harness CPU up to ${percent(r.ownCpuMax)} of a core`,
    r.machineBusyMax === null ? null : `machine CPU up to ${percent(r.machineBusyMax)} busy`,
    r.stealMax === null ? null : `steal up to ${percent(r.stealMax)}`,
    r.loadPerCoreMax === null
      ? null
      : `load up to ${formatNumber(Math.round(r.loadPerCoreMax * 100) / 100)} per core`,
  ]
    .filter((f) => f !== null)
    .join(', ');
}

/** One line on how far the run's time measurements can be off (result.measurementError). */
export function measurementErrorLine(result: Pick<RunResult, 'measurementError'>): string | null {
  const m = result.measurementError;
  if (!m) return null;
  const delivery = m.deliveryMs === null ? 'not measured' : `± ${formatNumber(m.deliveryMs)} ms`;
  const clock =
    m.databaseOffsetMs === null
      ? ''
      : `; database clock ${formatNumber(m.databaseOffsetMs)} ms off the harness's, ± ${formatNumber((m.databaseRttMs ?? 0) / 2)} ms`;
  return `Measurement error: reconnect and detection times ± ${formatNumber(m.reconnectMs)} ms, delivery latency ${delivery} (harness event loop late by p99 ${formatNumber(m.loopDelayP99Ms)} ms, max ${formatNumber(m.loopDelayMaxMs)} ms${clock})`;
}
