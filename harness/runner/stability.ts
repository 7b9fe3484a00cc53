import type { Verdict } from '../checkers/types.js';
import { percentileOfSorted, sortNumbers } from '../history/derive/percentile.js';
import { verdictCounts, type RunResult } from './result.js';

export interface ValueSpread {
  min: number;
  median: number;
  p95: number;
  max: number;
}

/** One criterion of one scenario over its repeated runs. */
export interface CriterionStability {
  scenario: string;
  criterion: string;
  unit: string;
  runs: number;
  seeds: number[];
  /** Over the runs that measured a value; null when none did. */
  spread: ValueSpread | null;
  verdicts: Record<Verdict, number>;
  /**
   * The verdict was not the same in every run. Inconclusive runs are counted apart: they could
   * have gone either way, so a pass next to an inconclusive is not a flip (it is `undecided`).
   * A criterion not applicable to the target in every run stays not applicable (not a flip); not
   * applicable in some runs only is a flip (the same target offered a capability, then did not).
   */
  flaky: boolean;
  /** Runs whose verdict was inconclusive (the harness's error bar straddled the threshold). */
  undecided: number;
}

export function spreadOf(values: readonly number[]): ValueSpread | null {
  if (values.length === 0) return null;
  const sorted = sortNumbers(values);
  return {
    min: sorted[0]!,
    median: percentileOfSorted(sorted, 50)!,
    p95: percentileOfSorted(sorted, 95)!,
    max: sorted.at(-1)!,
  };
}

/**
 * Per scenario run more than once, per criterion: the distribution of its value and whether its
 * verdict ever flipped between runs. A flip means the criterion, the system, or the scenario's
 * margin is not trustworthy at this size, whichever verdict came out more often.
 */
export function stabilityOf(runs: readonly RunResult[]): CriterionStability[] {
  const byScenario = new Map<string, RunResult[]>();
  for (const r of runs) byScenario.set(r.scenario.name, [...(byScenario.get(r.scenario.name) ?? []), r]);
  const out: CriterionStability[] = [];
  for (const [scenario, group] of byScenario) {
    if (group.length < 2) continue;
    const criteria = [...new Set(group.flatMap((r) => r.criteria.map((c) => c.criterion)))];
    for (const criterion of criteria) {
      const results = group.flatMap((r) => r.criteria.filter((c) => c.criterion === criterion));
      const verdicts: Record<Verdict, number> = verdictCounts(results);
      // A run that never judged this criterion (it aborted) counts as unknown.
      verdicts.unknown += group.length - results.length;
      out.push({
        scenario,
        criterion,
        unit: results[0]?.unit ?? '',
        runs: group.length,
        seeds: group.map((r) => r.seed),
        spread: spreadOf(results.flatMap((c) => (c.value === null ? [] : [c.value]))),
        verdicts,
        flaky:
          [verdicts.pass, verdicts.fail, verdicts.unknown, verdicts['not-applicable']].filter((n) => n > 0)
            .length > 1,
        undecided: verdicts.inconclusive,
      });
    }
  }
  return out;
}

export const flakyCriteria = (s: readonly CriterionStability[]) => s.filter((c) => c.flaky);
