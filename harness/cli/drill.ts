import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { setMaxListeners } from 'node:events';
import { join, resolve } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SCENARIOS } from '../../scenarios/index.js';
import { loadConfig } from '../config/load-config.js';
import { renderVerdictTable } from '../../reports/terminal.js';
import { REPORTERS, writeReports } from '../../reports/index.js';
import { renderSuite, runTally, stabilityMarkdown } from '../../reports/suite.js';
import { runCheckers } from '../checkers/index.js';
import { attachedContainersProvider, COMPOSE_RUN_ID, inspectStack } from '../env/containers/attach.js';
import type { Provider } from '../env/provider.js';
import { PROVIDERS } from '../env/providers.js';
import { readHistory } from '../history/reader.js';
import { buildResult } from '../runner/build-result.js';
import { EXIT, exitCodeFor, worstExitCode, type RunResult } from '../runner/result.js';
import { PROFILES } from '../runner/profiles.js';
import { createRunDir } from '../runner/run-dir.js';
import { requestedCriteria } from '../runner/requested-criteria.js';
import { runScenario } from '../runner/run.js';
import { flakyCriteria, stabilityOf } from '../runner/stability.js';
import { validateScenario } from '../runner/validate-scenario.js';
import type { ScenarioDefinition } from '../runner/scenario.js';
import type { Capability } from '../targets/capabilities.js';
import { addFaultCommand } from './fault-command.js';
import { addDoctorCommand } from './doctor-command.js';
import { addMatrixCommand } from './matrix-command.js';
import { positiveNumber, wholeNumber } from './number-options.js';
import { createProgressDisplay } from './progress.js';
import { providerForRun, targetScenarioProblems } from './target-option.js';
import { chooseScenarios, configScenarios } from './scenario-args.js';

const color = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

interface RunCommandOptions {
  provider: string;
  /** --target URL: a running system (the external provider); boots nothing */
  target?: string;
  /** absent: the config's profile, else quick */
  profile?: string;
  /** --config FILE; absent: drill.config.ts in the current directory, if any */
  config?: string;
  timeScale?: number;
  seed: number;
  clients?: number;
  repeat?: number;
  /** absent: the config's out, else reports/runs */
  out?: string;
  progress: boolean;
  /** --attach: true without a value */
  attach?: string | true;
}

/** `--attach [run-id]`: the containers provider over a running stack, and that stack's JWT secret and time scale. */
async function attachedRun(
  o: RunCommandOptions,
): Promise<{ provider: Provider; jwtSecret: string; timeScale: number | undefined } | undefined> {
  if (o.attach === undefined) return undefined;
  const runId = o.attach === true ? COMPOSE_RUN_ID : o.attach;
  if (o.provider !== 'containers')
    throw new InvalidArgumentError(
      `--attach needs --provider containers (it attaches to a running stack of containers), not ${o.provider}`,
    );
  if (SCENARIOS.some((s) => s.name === runId))
    throw new InvalidArgumentError(
      `--attach takes a stack's run id, not the scenario ${runId}: name the scenario first (drill run ${runId} --provider containers --attach)`,
    );
  const stack = await inspectStack(runId);
  const secrets = [...new Set(Object.values(stack.podEnv).map((env) => env.JWT_SECRET ?? ''))];
  if (secrets.length !== 1 || !secrets[0])
    throw new InvalidArgumentError(
      `the stack ${runId} has no single JWT_SECRET on its gateway pods (found ${secrets.length}): its clients could not authenticate`,
    );
  return { provider: attachedContainersProvider(runId), jwtSecret: secrets[0], timeScale: stack.timeScale };
}

function printResult(result: RunResult): void {
  process.stdout.write(`\n${renderVerdictTable(result, { color })}\n`);
  const x = result.expectedFailure;
  if (x) {
    process.stdout.write(
      x.met
        ? `expected failure, as designed (${x.reason}): counts as passing\n`
        : `expected failure NOT met (${x.reason}): ${[...x.missing.map((c) => `${c} did not fail`), ...x.unexpected.map((c) => `${c} failed unexpectedly`)].join('; ')}\n`,
    );
  }
  for (const e of result.errors) process.stdout.write(`error: ${e}\n`);
  process.stdout.write(`run directory: ${result.runDir}\n`);
}

/** Errors commander has already printed (bad options, --help); the rest are printed below. */
const printedByCommander = new WeakSet<Error>();

const program = new Command('drill')
  .description(
    "Runbook Drill: runs the runbooks' failure scenarios against a Socket.IO gateway fleet and judges their success criteria.",
  )
  .showHelpAfterError()
  // Usage errors throw (below) instead of exiting 1, which CI would read as "a criterion failed".
  .exitOverride((err) => {
    printedByCommander.add(err);
    throw err;
  })
  .addHelpText(
    'after',
    "\nExit codes: 0 every criterion passed; 1 a criterion failed with certainty; 2 the harness failed, a verdict is unknown, or the command line was wrong; 3 nothing failed but a timing verdict is inconclusive (the harness's own measurement error straddles its threshold: run it again, on a quieter machine).",
  );

program
  .command('run')
  .description(
    "boot the topology, drive clients, inject the scenario's faults, and judge (all scenarios when none is named)",
  )
  .argument(
    '[scenario...]',
    'scenario names (see `drill list`), or paths of scenario files of your own (./my-scenario.ts)',
  )
  .option(
    '--config <file>',
    'the drill.config.ts to use (its target, default profile, scenario folders); default: ./drill.config.ts when there is one',
  )
  .addOption(
    new Option('--provider <name>', 'where the topology runs')
      .choices(Object.keys(PROVIDERS))
      .default('local'),
  )
  .addOption(
    new Option(
      '--profile <name>',
      `${Object.values(PROFILES)
        .map((p) => `${p.name}: ${p.description}`)
        .join('; ')} (default: the config's profile, else quick)`,
    ).choices(Object.keys(PROFILES)),
  )
  .option(
    '--time-scale <factor>',
    "multiplies every runbook timer (overrides the profile's)",
    positiveNumber('--time-scale'),
  )
  .option(
    '--seed <n>',
    'seed for the workload, targets and fault randomness (same seed, same schedule)',
    wholeNumber('--seed'),
    1,
  )
  .option(
    '--clients <n>',
    "virtual users (overrides the profile's and the scenario's)",
    wholeNumber('--clients'),
  )
  .option(
    '--repeat <n>',
    "runs per scenario, seeds seed, seed+1, … (overrides the profile's)",
    wholeNumber('--repeat'),
  )
  .option('--out <dir>', "where run directories go (default: the config's out, else reports/runs)")
  .option('--no-progress', 'no live progress display')
  .option(
    '--attach [run-id]',
    `with --provider containers: run against the running stack labelled drill.run=<run-id> (default ${COMPOSE_RUN_ID}: scripts/compose up) instead of booting one; its time scale is the default`,
  )
  .option(
    '--target <url>',
    "drive a system already running at URL: boots nothing; network faults through a fault proxy in front of it, process faults by the config's hooks (kill, terminate, start, pause, resume)",
  )
  .action(async (names: string[], o: RunCommandOptions, cmd: Command) => {
    // Everything the config and the scenario files say is checked before anything starts.
    const loaded = await loadConfig(o.config);
    const scenarios = await chooseScenarios(names, loaded);
    const external = providerForRun(o, cmd.getOptionValueSource('provider') === 'cli', loaded);
    const attached = await attachedRun(o);
    const provider = external ?? attached?.provider ?? PROVIDERS[o.provider]!;
    const problems = scenarios.flatMap((s) => [
      ...validateScenario(s, provider, loaded.target),
      ...(external ? targetScenarioProblems(s, external) : []),
    ]);
    if (problems.length > 0) throw new InvalidArgumentError(`cannot run:\n  ${problems.join('\n  ')}`);
    const profile = PROFILES[o.profile ?? loaded.profile ?? 'quick']!;
    const outDir = o.out !== undefined ? resolve(o.out) : (loaded.out ?? resolve('reports/runs'));
    const timeScale = o.timeScale ?? attached?.timeScale ?? profile.timeScale;
    const clients = o.clients ?? profile.clients;
    const repeat = Math.max(1, o.repeat ?? profile.repeat);
    const suiteStarted = new Date();
    const controller = new AbortController();
    // Every pending wait of the ramp and the schedule listens to this one signal.
    setMaxListeners(0, controller.signal);
    const onSignal = () => {
      if (controller.signal.aborted) return;
      process.stderr.write(
        '\nstopping: healing faults, closing clients, tearing the topology down (Ctrl-C again to kill at once)\n',
      );
      controller.abort();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);

    // A failing scenario does not stop the suite; each run tears its own topology down.
    const plan = scenarios.flatMap((scenario) =>
      Array.from({ length: repeat }, (_, i) => ({ scenario, seed: o.seed + i })),
    );
    const results: RunResult[] = [];
    for (const [index, { scenario, seed }] of plan.entries()) {
      if (controller.signal.aborted) break;
      process.stderr.write(
        `\n▶ [${index + 1}/${plan.length}] ${scenario.name}: ${scenario.title} (profile ${profile.name}, time scale ${timeScale}, seed ${seed})\n`,
      );
      const progress = o.progress ? createProgressDisplay() : undefined;
      const result = await runScenario({
        scenario,
        provider,
        timeScale,
        seed,
        outDir,
        target: loaded.target,
        signal: controller.signal,
        ...(clients === undefined ? {} : { clients }),
        ...(process.env.SUT_DEFECTS ? { sutDefects: process.env.SUT_DEFECTS } : {}),
        ...(attached ? { jwtSecret: attached.jwtSecret } : {}),
        ...(progress ? { onProgress: (p) => progress.update(p) } : {}),
      }).finally(() => progress?.stop());
      writeReports(result, result.runDir, REPORTERS);
      printResult(result);
      results.push(result);
    }

    const wallMs = Date.now() - suiteStarted.getTime();
    const stability = stabilityOf(results);
    if (results.length > 1) {
      const suiteDir = createRunDir(outDir, 'suite', suiteStarted, false);
      const files = renderSuite({
        profile: profile.name,
        startedAt: suiteStarted.toISOString(),
        wallMs,
        runs: results,
        suiteDir,
      });
      for (const f of files) writeFileSync(join(suiteDir, f.file), f.content);
      const spread = stabilityMarkdown(stability);
      if (spread.length > 0) process.stdout.write(`\n${spread.join('\n')}`);
      process.stdout.write(`\nsuite: ${runTally(results)}; index ${join(suiteDir, 'index.html')}\n`);
    }
    process.stdout.write(`wall time: ${(wallMs / 1000).toFixed(1)} s\n`);
    // A verdict that flipped between repeats fails the run, whichever way it came out last.
    const flaky = flakyCriteria(stability).length > 0 ? [EXIT.fail] : [];
    process.exitCode = controller.signal.aborted
      ? EXIT.harness
      : worstExitCode([...flaky, ...results.map(exitCodeFor)]);
  });

program
  .command('list')
  .description("list the scenarios with the runbook section each encodes (and the config's own)")
  .option('--config <file>', 'also list the scenarios of this config’s scenario folders')
  .action(async (o: { config?: string }) => {
    for (const s of SCENARIOS) {
      process.stdout.write(
        `${s.name.padEnd(24)} ${s.title}\n${''.padEnd(24)} ${s.runbook.file} › ${s.runbook.section}\n`,
      );
    }
    const loaded = await loadConfig(o.config);
    for (const { file, scenario: s } of await configScenarios(loaded)) {
      process.stdout.write(`${s.name.padEnd(24)} ${s.title}\n${''.padEnd(24)} ${file}\n`);
    }
  });

function loadRun(runDir: string) {
  const configFile = join(runDir, 'config.json');
  const historyFile = join(runDir, 'history.jsonl');
  for (const f of [configFile, historyFile]) {
    if (!existsSync(f)) throw new InvalidArgumentError(`${runDir} is not a run directory: ${f} is missing`);
  }
  const config = JSON.parse(readFileSync(configFile, 'utf8')) as {
    scenario: ScenarioDefinition;
    seed: number;
    timeScale: number;
    clients: number;
    provider: string;
    /** The target the run drove (absent in runs from before targets: the reference, every capability). */
    target?: { name: string; capabilities: Capability[] };
    startedAt: string;
    versions: Record<string, string>;
    gitSha: string | null;
  };
  return { config, historyFile };
}

program
  .command('check')
  .description('judge a stored run again from its history alone (checkers never talk to the system)')
  .argument('<run-dir>', 'a run directory written by `drill run`')
  .option('--json', 'print the re-judged result as JSON instead of the verdict table')
  .action(async (dir: string, o: { json?: boolean }) => {
    const runDir = resolve(dir);
    const { config, historyFile } = loadRun(runDir);
    const history = await readHistory(historyFile);
    // Judged with what the run's target offered: a criterion it could not support stays not applicable.
    const capabilities = config.target ? new Set(config.target.capabilities) : undefined;
    const criteria = runCheckers(
      history,
      requestedCriteria(config.scenario, history),
      config.timeScale,
      capabilities,
    );
    const start = history.find((e) => e.type === 'run.start');
    const result = buildResult({
      scenario: config.scenario,
      history,
      criteria,
      errors: [],
      runDir,
      startedAt: new Date(config.startedAt),
      seed: config.seed,
      timeScale: config.timeScale,
      provider: config.provider,
      clients: config.clients,
      pods: start?.type === 'run.start' ? start.pods : [],
      versions: config.versions,
      gitSha: config.gitSha,
    });
    if (o.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    else printResult(result);
    process.exitCode = exitCodeFor(result);
  });

program
  .command('report')
  .description('write the reports (result.json, junit.xml, report.md, report.html) of a stored run again')
  .argument('<run-dir>', 'a run directory written by `drill run`')
  .action((dir: string) => {
    const runDir = resolve(dir);
    const resultFile = join(runDir, 'result.json');
    if (!existsSync(resultFile))
      throw new InvalidArgumentError(`${resultFile} is missing; run \`drill check ${dir}\` first`);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as RunResult;
    const files = writeReports(result, runDir, REPORTERS);
    for (const f of files) process.stdout.write(`${f}\n`);
  });

addMatrixCommand(program);
addFaultCommand(program);
addDoctorCommand(program);

try {
  await program.parseAsync();
} catch (err) {
  if (err instanceof CommanderError && printedByCommander.has(err)) {
    // --help and --version exit 0.
    process.exitCode = err.exitCode === 0 ? 0 : EXIT.harness;
  } else {
    process.stderr.write(`drill: ${(err as Error).message}\n`);
    process.exitCode = EXIT.harness;
  }
}
