import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCENARIOS } from '../../scenarios/index.js';
import { loadConfig } from '../config/load-config.js';
import type { Provider } from '../env/provider.js';
import { referenceTarget } from '../targets/reference.js';
import type { Target } from '../targets/target.js';
import { runScenario, type Progress } from '../runner/run.js';
import type { ScenarioDefinition } from '../runner/scenario.js';
import { cellName, type MatrixCell, type MatrixRow } from './cell.js';
import { judgeCell } from './judge-cell.js';
import { applyMisconfiguration } from './misconfigurations.js';

export type { MatrixRow } from './cell.js';

export interface MatrixOptions {
  cells: readonly MatrixCell[];
  provider: Provider;
  /** The system under test; default the reference gateway. */
  target?: Target;
  outDir: string;
  timeScale: number;
  clients: number;
  seed: number;
  signal?: AbortSignal;
  onCellStart?: (index: number, total: number, cell: MatrixCell) => void;
  onCellDone?: (row: MatrixRow) => void;
  onProgress?: (p: Progress) => void;
}

export function scenarioFor(cell: MatrixCell): ScenarioDefinition {
  const scenario = SCENARIOS.find((s) => s.name === cell.scenario);
  if (!scenario) throw new Error(`defect matrix: no scenario "${cell.scenario}"`);
  return cell.misconfiguration ? applyMisconfiguration(cell.misconfiguration, scenario) : scenario;
}

const REPOSITORY = fileURLToPath(new URL('../../', import.meta.url));

/** The targets the cells name (drill.config.ts paths from the repository root), loaded and checked up front. */
async function cellTargets(cells: readonly MatrixCell[]): Promise<Map<string, Target>> {
  const targets = new Map<string, Target>();
  for (const cell of cells) {
    if (cell.target === undefined || targets.has(cell.target)) continue;
    if (cell.defect)
      throw new Error(
        `defect matrix: ${cellName(cell)} sets a defect switch (SUT_DEFECTS belongs to the reference gateway)`,
      );
    targets.set(cell.target, (await loadConfig(resolve(REPOSITORY, cell.target))).target);
  }
  return targets;
}

/** Runs the cells one after another (each boots and tears down its own topology) and judges each. */
export async function runMatrix(opts: MatrixOptions): Promise<MatrixRow[]> {
  // Fail on a typo in the table (or a target config that does not load) before spending minutes on the cells before it.
  const scenarios = opts.cells.map(scenarioFor);
  const targets = await cellTargets(opts.cells);
  const rows: MatrixRow[] = [];
  for (const [i, cell] of opts.cells.entries()) {
    if (opts.signal?.aborted) break;
    opts.onCellStart?.(i, opts.cells.length, cell);
    const result = await runScenario({
      scenario: scenarios[i]!,
      provider: opts.provider,
      target: (cell.target !== undefined ? targets.get(cell.target) : opts.target) ?? referenceTarget(),
      timeScale: opts.timeScale,
      seed: opts.seed,
      clients: opts.clients,
      outDir: opts.outDir,
      ...(cell.defect ? { sutDefects: cell.defect } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
    });
    const row = { cell, outcome: judgeCell(cell, result), result };
    rows.push(row);
    opts.onCellDone?.(row);
  }
  return rows;
}
