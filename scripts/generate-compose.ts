// Writes docker-compose.yml and docker/compose/**, which scripts/compose-file.ts renders from the
// containers provider's plan. The committed files are the defaults' output; a unit test keeps them
// from drifting (scripts/compose-file.test.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { SCENARIOS } from '../scenarios/index.js';
import { positiveNumber, wholeNumber } from '../harness/cli/number-options.js';
import { COMPOSE_FILES_DIR, composeDefaults, composeFiles, REPO_ROOT } from './compose-file.js';
import { OFFICIAL_IMAGES, OFFLINE_IMAGES } from '../harness/env/containers/images.js';

interface Options {
  scenario: string;
  timeScale: number;
  clients: number;
  images: 'offline' | 'official';
  out: string;
}

const defaults = composeDefaults();

const program = new Command('generate-compose')
  .description(
    'write docker-compose.yml and docker/compose/** for a scenario: the topology `drill run SCENARIO --time-scale T` boots, with fixed host ports',
  )
  .option(
    '--scenario <name>',
    'whose topology and gateway settings (the stack must fit the scenario a `drill run --attach` runs)',
    defaults.scenario.name,
  )
  .option(
    '--time-scale <factor>',
    'runbook timers × factor',
    positiveNumber('--time-scale'),
    defaults.timeScale,
  )
  .option(
    '--clients <n>',
    "the run's virtual users (MAX_CONNECTIONS is at least this)",
    wholeNumber('--clients'),
    defaults.clients,
  )
  .addOption(
    new Option('--images <set>', 'offline: scripts/build-offline-images; official: registry images')
      .choices(['offline', 'official'])
      .default('offline'),
  )
  .addOption(new Option('--out <dir>', 'where to write').default(REPO_ROOT, 'the repository root'))
  .addHelpText(
    'after',
    '\nThe committed files are the defaults: regenerate without options, or the unit test fails.\nThen: scripts/compose up',
  )
  .action(async (o: Options) => {
    const scenario = SCENARIOS.find((s) => s.name === o.scenario);
    if (!scenario)
      throw new InvalidArgumentError(
        `no scenario "${o.scenario}"; known: ${SCENARIOS.map((s) => s.name).join(', ')}`,
      );
    const files = await composeFiles({
      scenario,
      timeScale: o.timeScale,
      clients: o.clients,
      images: o.images === 'official' ? OFFICIAL_IMAGES : OFFLINE_IMAGES,
    });
    const root = path.resolve(o.out);
    // Files of a container the new plan no longer has (a topology without a standby) must go.
    rmSync(path.join(root, COMPOSE_FILES_DIR), { recursive: true, force: true });
    for (const file of files) {
      const target = path.join(root, file.path);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, file.content);
      process.stdout.write(`wrote ${path.relative(process.cwd(), target) || target}\n`);
    }
  });

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(`generate-compose: ${(error as Error).message}\n`);
  process.exitCode = 2;
}
