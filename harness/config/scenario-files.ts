import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CHECKERS } from '../checkers/index.js';
import type { ScenarioDefinition } from '../runner/scenario.js';
import { CAPABILITIES, missingCapabilities, type Capability } from '../targets/capabilities.js';
import type { Target } from '../targets/target.js';
import { ConfigError } from './load-config.js';
import { importDefault } from './import-module.js';

/** A scenario of the user's own, and the file it came from. */
export interface ScenarioFile {
  file: string;
  scenario: ScenarioDefinition;
}

/** `drill run ARG`: a path (it has a slash, or a script's extension) rather than a scenario name. */
export function isScenarioPath(arg: string): boolean {
  return /[\\/]/.test(arg) || /\.(ts|mts|js|mjs)$/.test(arg);
}

/** Loads a scenario file: its default export must be a scenario (defineScenario). Throws ConfigError. */
export async function loadScenarioFile(file: string, cwd: string = process.cwd()): Promise<ScenarioFile> {
  const path = resolve(cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw new ConfigError(`no scenario file ${path}`);
  let exported: unknown;
  try {
    exported = await importDefault(path);
  } catch (error) {
    throw new ConfigError(`cannot load the scenario file ${path}: ${(error as Error).message}`);
  }
  const problems = scenarioShapeProblems(exported);
  if (problems.length > 0)
    throw new ConfigError(
      exported === undefined
        ? `${path} does not export a scenario: it has no default export (write \`export default defineScenario({ … })\`)`
        : `${path} does not export a scenario:\n  ${problems.join('\n  ')}`,
    );
  return { file: path, scenario: exported as ScenarioDefinition };
}

const SCRIPT = /\.(ts|mts|js|mjs)$/;
const NOT_A_SCENARIO = /\.(test|spec|d)\.(ts|mts|js|mjs)$/;

/**
 * Every scenario in the given folders (not recursive): each script whose default export is a
 * scenario. A script with no default export is a helper and is skipped; one whose default export
 * is not a scenario is an error. Two scenarios of one name are an error.
 */
export async function loadScenarioFolders(dirs: readonly string[]): Promise<ScenarioFile[]> {
  const found: ScenarioFile[] = [];
  for (const dir of dirs) {
    const files = readdirSync(dir)
      .filter((f) => SCRIPT.test(f) && !NOT_A_SCENARIO.test(f))
      .sort();
    for (const f of files) {
      const path = join(dir, f);
      if (!statSync(path).isFile()) continue;
      let exported: unknown;
      try {
        exported = await importDefault(path);
      } catch (error) {
        throw new ConfigError(`cannot load the scenario file ${path}: ${(error as Error).message}`);
      }
      if (exported === undefined) continue;
      const problems = scenarioShapeProblems(exported);
      if (problems.length > 0)
        throw new ConfigError(`${path} does not export a scenario:\n  ${problems.join('\n  ')}`);
      const scenario = exported as ScenarioDefinition;
      const twin = found.find((s) => s.scenario.name === scenario.name);
      if (twin) throw new ConfigError(`two scenarios are named "${scenario.name}": ${twin.file} and ${path}`);
      found.push({ file: path, scenario });
    }
  }
  return found;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/** What keeps a value from being a scenario, each as `field: problem`. Empty: it is one. */
export function scenarioShapeProblems(value: unknown): string[] {
  if (!isObject(value))
    return [`its default export is ${value === null ? 'null' : typeof value}, not a scenario object`];
  const problems: string[] = [];
  const need = (cond: boolean, message: string) => {
    if (!cond) problems.push(message);
  };
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  need(typeof value.name === 'string' && value.name !== '', 'name: required (a non-empty string)');
  need(typeof value.title === 'string', 'title: required (a string)');
  const runbook = value.runbook;
  need(
    isObject(runbook) && ['file', 'section', 'quote'].every((k) => typeof runbook[k] === 'string'),
    'runbook: required ({ file, section, quote }, strings)',
  );
  const topology = value.topology;
  need(
    isObject(topology) &&
      num(topology.pods) &&
      Array.isArray(topology.zones) &&
      typeof topology.standby === 'boolean',
    'topology: required ({ pods, zones, standby, databaseZone }; RUNBOOK_DEFAULTS.topology is the runbooks’)',
  );
  const load = value.load;
  need(
    isObject(load) &&
      ['clients', 'roomSize', 'messagesPerSecond', 'messageBytes', 'connectRatePerSecond'].every((k) =>
        num(load[k]),
      ),
    'load: required ({ clients, roomSize, messagesPerSecond, messageBytes, connectRatePerSecond }, numbers)',
  );
  const timeline = value.timeline;
  need(
    isObject(timeline) && ['warmup', 'steadyState', 'observe', 'settle'].every((k) => num(timeline[k])),
    'timeline: required ({ warmup, steadyState, observe, settle }, runbook seconds)',
  );
  need(Array.isArray(value.faults), 'faults: required (an array, [] for none)');
  if (!Array.isArray(value.criteria) || value.criteria.length === 0) {
    problems.push('criteria: required (a non-empty array of criterion ids, or { id, threshold?, source? })');
  } else {
    for (const [i, c] of value.criteria.entries()) {
      const id = typeof c === 'string' ? c : isObject(c) && typeof c.id === 'string' ? c.id : undefined;
      if (id === undefined) problems.push(`criteria[${i}]: a criterion id, or { id, threshold?, source? }`);
      else if (!(id in CHECKERS))
        problems.push(`criteria[${i}]: no criterion "${id}"; known: ${Object.keys(CHECKERS).join(', ')}`);
      else if (isObject(c) && c.threshold !== undefined && !num(c.threshold))
        problems.push(`criteria[${i}].threshold: a number`);
      else if (CHECKERS[id]!.defaultThreshold === undefined && !(isObject(c) && num(c.threshold)))
        problems.push(
          `criteria[${i}]: ${id} has no default threshold: name one ({ id: '${id}', threshold: … })`,
        );
    }
  }
  need(
    isObject(value.gateway),
    'gateway: required (runbook timings; RUNBOOK_DEFAULTS.gateway is the runbooks’)',
  );
  need(
    isObject(value.loadBalancer),
    'loadBalancer: required ({ checkIntervalMs, tunnelTimeoutMs }; RUNBOOK_DEFAULTS.loadBalancer is the runbooks’)',
  );
  return problems;
}

/** The ids of a scenario's criteria, whatever form each is written in. */
export function criterionIds(scenario: ScenarioDefinition): string[] {
  return (scenario.criteria as ReadonlyArray<string | { id: string }>).map((c) =>
    typeof c === 'string' ? c : c.id,
  );
}

/**
 * Criteria a scenario names explicitly that the target cannot support: one line each, naming the
 * missing capability. A user's own scenario asks for them on purpose, so this refuses the run
 * (a built-in scenario's would be judged not-applicable instead).
 */
export function unsupportedCriteria(scenario: ScenarioDefinition, target: Target): string[] {
  return criterionIds(scenario).flatMap((id) => {
    const spec = CHECKERS[id];
    if (!spec) return [];
    const missing = missingCapabilities(spec.needs, target.capabilities);
    if (missing.length === 0) return [];
    return [
      `${scenario.name}: criterion ${id} needs ${missing.map((m: Capability) => `'${m}' (${CAPABILITIES[m]})`).join(' and ')}, which the target ${target.definition.name} lacks`,
    ];
  });
}
