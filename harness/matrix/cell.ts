import type { RunResult } from '../runner/result.js';
import type { ScenarioDefinition } from '../runner/scenario.js';

/**
 * One cell of the defect matrix: a scenario run on the reference gateway (expected green), with a
 * gateway defect switch (SUT_DEFECTS), or with a load-balancer or topology misconfiguration, or on
 * another target (a system under test whose own faults the scenario must catch); the criteria that
 * must fail, and those allowed to fail with them.
 */
export interface MatrixCell {
  scenario: string;
  /**
   * The target the cell runs against: a drill.config.ts, relative to the repository root (e.g.
   * 'system-under-test/plain-gateway/drill.config.ts'). Absent: the reference gateway.
   */
  target?: string;
  /** Absent on the reference cell. */
  defect?: string;
  /** A named change to the scenario (see misconfigurations.ts). */
  misconfiguration?: string;
  /** Must all fail (empty: the cell must be green). */
  fails: string[];
  /** May fail along with them (knock-on effects of the same break); anything else failing is a wrong catch. */
  mayAlsoFail?: string[];
  /** Part of the subset `npm test` runs (cheap, and between them every kind of cell). */
  ci?: boolean;
}

/** e.g. `redis-outage × SUT_DEFECTS=redis-fatal`, `observe × target system-under-test/plain-gateway/drill.config.ts`. */
export const cellName = (c: MatrixCell): string => {
  const breaks = [
    ...(c.defect ? [`SUT_DEFECTS=${c.defect}`] : []),
    ...(c.misconfiguration ? [`misconfig ${c.misconfiguration}`] : []),
  ];
  const on = c.target ? [`target ${c.target}`] : breaks.length === 0 ? ['reference'] : [];
  return `${c.scenario} × ${[...on, ...breaks].join(' × ')}`;
};

export interface Misconfiguration {
  name: string;
  description: string;
  apply(s: ScenarioDefinition): ScenarioDefinition;
}

export type CellStatus =
  /** a defect or misconfiguration failed exactly the criteria declared for it */
  | 'caught'
  /** the reference run passed */
  | 'green'
  /** nothing failed although a break was injected */
  | 'missed'
  /** something failed, but not (only) the declared criteria */
  | 'wrong-criterion'
  /** a criterion declared to fail is not applicable to the target: the cell cannot show its break */
  | 'not-applicable'
  /** the reference run failed a criterion */
  | 'false-alarm'
  /** the harness could not judge (error or unknown verdict) */
  | 'unjudged'
  /**
   * nothing contradicts the cell, but a criterion it hangs on was inconclusive (its value within
   * the harness's measurement error of the threshold): neither a miss nor a false alarm
   */
  | 'inconclusive';

/** A cell's judgement (judge-cell.ts). */
export interface CellOutcome {
  status: CellStatus;
  ok: boolean;
  failed: string[];
  /** Declared to fail but passed. */
  notFailed: string[];
  /** Failed without being declared. */
  unexpected: string[];
  /** Declared to fail but not applicable to the target: the cell cannot show what it claims. */
  notApplicable?: string[];
  explanation: string;
}

/** One judged cell of a matrix run: what the reports show. */
export interface MatrixRow {
  cell: MatrixCell;
  outcome: CellOutcome;
  result: RunResult;
}
