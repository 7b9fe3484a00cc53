import { writeFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { join, resolve } from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { DEFECT_MATRIX } from '../../scenarios/defect-matrix.js';
import { REPORTERS, writeReports } from '../../reports/index.js';
import { matrixHeadline, renderMatrix } from '../../reports/matrix.js';
import { PROVIDERS } from '../env/providers.js';
import { cellName } from '../matrix/cell.js';
import { runMatrix } from '../matrix/run-matrix.js';
import { PROFILES } from '../runner/profiles.js';
import { EXIT } from '../runner/result.js';
import { createRunDir } from '../runner/run-dir.js';
import { wholeNumber } from './number-options.js';
import { createProgressDisplay } from './progress.js';

interface MatrixCommandOptions {
  ci?: boolean;
  scenario?: string[];
  seed: number;
  out: string;
  progress: boolean;
}

/** `drill matrix`: every declared (scenario, break) cell at the quick profile. */
export function addMatrixCommand(program: Command): void {
  program
    .command('matrix')
    .description(
      'run the defect matrix: each scenario on the reference gateway (nothing may fail) and with each defect switch or misconfiguration it must catch (the declared criterion must fail); quick profile',
    )
    .option('--ci', 'only the cells marked for `npm test`')
    .option('--scenario <names...>', 'only the cells of these scenarios')
    .option('--seed <n>', 'seed of every cell', wholeNumber('--seed'), 1)
    .option('--out <dir>', 'where the matrix directory goes', 'reports/matrix')
    .option('--no-progress', 'no live progress display')
    .action(async (o: MatrixCommandOptions) => {
      const cells = DEFECT_MATRIX.filter(
        (c) => (!o.ci || c.ci) && (!o.scenario || o.scenario.includes(c.scenario)),
      );
      if (cells.length === 0) throw new InvalidArgumentError('no matrix cell matches the options');
      const profile = PROFILES.quick!;
      const clients = profile.clients ?? 60;
      const started = new Date();
      const dir = createRunDir(resolve(o.out), 'matrix', started, false);
      const controller = new AbortController();
      setMaxListeners(0, controller.signal);
      const onSignal = () => controller.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      let progress: ReturnType<typeof createProgressDisplay> | undefined;
      const rows = await runMatrix({
        cells,
        provider: PROVIDERS.local!,
        outDir: join(dir, 'runs'),
        timeScale: profile.timeScale,
        clients,
        seed: o.seed,
        signal: controller.signal,
        onCellStart: (i, n, cell) => {
          process.stderr.write(`\n▶ [${i + 1}/${n}] ${cellName(cell)}\n`);
          progress = o.progress ? createProgressDisplay() : undefined;
        },
        onCellDone: (row) => {
          progress?.stop();
          writeReports(row.result, row.result.runDir, REPORTERS);
          process.stdout.write(
            `${row.outcome.ok ? '✔' : '✘'} ${cellName(row.cell)}: ${row.outcome.status}: ${row.outcome.explanation}\n`,
          );
        },
        ...(o.progress ? { onProgress: (p) => progress?.update(p) } : {}),
      }).finally(() => progress?.stop());
      const wallMs = Date.now() - started.getTime();
      for (const f of renderMatrix({
        rows,
        startedAt: started.toISOString(),
        wallMs,
        timeScale: profile.timeScale,
        clients,
        seed: o.seed,
        dir,
      }))
        writeFileSync(join(dir, f.file), f.content);
      process.stdout.write(
        `\n${matrixHeadline(rows)}\nmatrix: ${join(dir, 'matrix.html')}\nwall time: ${(wallMs / 1000).toFixed(1)} s\n`,
      );
      const complete = rows.length === cells.length;
      const notOk = rows.filter((r) => !r.outcome.ok);
      process.exitCode = !complete
        ? EXIT.harness
        : notOk.length === 0
          ? EXIT.pass
          : notOk.every((r) => r.outcome.status === 'inconclusive')
            ? EXIT.inconclusive
            : EXIT.fail;
    });
}
