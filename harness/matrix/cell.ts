import type { ScenarioDefinition } from '../runner/scenario.js';

/**
 * One cell of the defect matrix: a scenario run on the reference gateway (expected green), with a
 * gateway defect switch (SUT_DEFECTS), or with a load-balancer or topology misconfiguration; the
 * criteria that must fail, and those allowed to fail with them.
 */
export interface MatrixCell {
  scenario: string;
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

export const cellName = (c: MatrixCell): string =>
  `${c.scenario} × ${c.defect ? `SUT_DEFECTS=${c.defect}` : c.misconfiguration ? `misconfig ${c.misconfiguration}` : 'reference'}`;

export interface Misconfiguration {
  name: string;
  description: string;
  apply(s: ScenarioDefinition): ScenarioDefinition;
}
