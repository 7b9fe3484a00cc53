import { SCENARIOS } from '../../scenarios/index.js';
import type { Provider } from '../env/provider.js';
import type { RunResult } from '../runner/result.js';
import { runScenario, type Progress } from '../runner/run.js';
import type { ScenarioDefinition } from '../runner/scenario.js';
import type { MatrixCell } from './cell.js';
import { judgeCell, type CellOutcome } from './judge-cell.js';
import { applyMisconfiguration } from './misconfigurations.js';

export interface MatrixRow {
  cell: MatrixCell;
  outcome: CellOutcome;
  result: RunResult;
}

export interface MatrixOptions {
  cells: readonly MatrixCell[];
  provider: Provider;
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

/** Runs the cells one after another (each boots and tears down its own topology) and judges each. */
export async function runMatrix(opts: MatrixOptions): Promise<MatrixRow[]> {
  // Fail on a typo in the table before spending minutes on the cells before it.
  const scenarios = opts.cells.map(scenarioFor);
  const rows: MatrixRow[] = [];
  for (const [i, cell] of opts.cells.entries()) {
    if (opts.signal?.aborted) break;
    opts.onCellStart?.(i, opts.cells.length, cell);
    const result = await runScenario({
      scenario: scenarios[i]!,
      provider: opts.provider,
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
