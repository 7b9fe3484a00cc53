import { InvalidArgumentError } from 'commander';
import { SCENARIOS } from '../../scenarios/index.js';
import type { LoadedConfig } from '../config/load-config.js';
import {
  isScenarioPath,
  loadScenarioFile,
  loadScenarioFolders,
  unsupportedCriteria,
  type ScenarioFile,
} from '../config/scenario-files.js';
import type { ScenarioDefinition } from '../runner/scenario.js';

/**
 * The scenarios `drill run ARG…` names: a path (./my-scenario.ts) is a scenario file of the user's
 * own; a name is a built-in scenario, else one in the config's scenario folders. None: every
 * built-in and every scenario of the config's folders. A criterion a user's scenario names whose
 * needs the target lacks is refused here, before anything starts, naming the capability.
 */
export async function chooseScenarios(
  args: readonly string[],
  loaded: LoadedConfig,
  cwd: string = process.cwd(),
): Promise<ScenarioDefinition[]> {
  let folders: ScenarioFile[] | undefined;
  const own = async () => (folders ??= await loadScenarioFolders(loaded.scenarioDirs));
  const chosen: Array<{ scenario: ScenarioDefinition; users: boolean }> = [];
  if (args.length === 0) {
    chosen.push(...SCENARIOS.map((scenario) => ({ scenario, users: false })));
    chosen.push(...(await own()).map(({ scenario }) => ({ scenario, users: true })));
  }
  for (const arg of args) {
    if (isScenarioPath(arg)) {
      chosen.push({ scenario: (await loadScenarioFile(arg, cwd)).scenario, users: true });
      continue;
    }
    const builtIn = SCENARIOS.find((s) => s.name === arg);
    if (builtIn) {
      chosen.push({ scenario: builtIn, users: false });
      continue;
    }
    const mine = (await own()).find((s) => s.scenario.name === arg);
    if (mine) {
      chosen.push({ scenario: mine.scenario, users: true });
      continue;
    }
    const known = [...SCENARIOS.map((s) => s.name), ...(await own()).map((s) => s.scenario.name)];
    throw new InvalidArgumentError(
      `no scenario "${arg}"; known: ${known.join(', ')} (a scenario file of your own is run by its path: drill run ./my-scenario.ts)`,
    );
  }
  const refused = chosen
    .filter((c) => c.users)
    .flatMap((c) => unsupportedCriteria(c.scenario, loaded.target));
  if (refused.length > 0)
    throw new InvalidArgumentError(
      `cannot run: a criterion the target cannot support is asked for explicitly:\n  ${refused.join('\n  ')}`,
    );
  return chosen.map((c) => c.scenario);
}

/** The config's own scenarios, for `drill list`. */
export async function configScenarios(loaded: LoadedConfig): Promise<ScenarioFile[]> {
  return loadScenarioFolders(loaded.scenarioDirs);
}
