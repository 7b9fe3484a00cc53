import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { referenceTarget } from '../targets/reference.js';
import { resolveTarget } from '../targets/resolve.js';
import type { Target, TargetDefinition } from '../targets/target.js';
import type { DrillConfig } from './define-config.js';
import { importDefault } from './import-module.js';
import { drillConfigSchema, formatIssues } from './schema.js';

/** The names `drill` looks for in the current directory when no --config is given, in this order. */
export const CONFIG_FILES = ['drill.config.ts', 'drill.config.mts', 'drill.config.js', 'drill.config.mjs'];

/** A config that cannot be used: the message names the file and every problem, one a line. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  /** The config file (absolute); null when there is none and the defaults apply. */
  file: string | null;
  /** The folder relative paths start from: the config file's, else the current directory. */
  dir: string;
  /** The config as written (validated). */
  config: DrillConfig;
  /** The system under test, resolved (the reference gateway when the config names none). */
  target: Target;
  /** The default profile name, when the config sets one. */
  profile: string | undefined;
  /** The config's scenario folders, absolute (each exists). */
  scenarioDirs: string[];
  /** Where run directories go (absolute), when the config sets it. */
  out: string | undefined;
}

/**
 * Loads `file` (--config FILE), or drill.config.ts in `cwd` when there is one, or the defaults (the
 * reference gateway). TypeScript is loaded with tsx. Everything is checked before anything starts:
 * the schema (an unknown field is an error naming its path), the templates, the local command
 * (found on PATH or relative to its working directory, and executable), the working directory and
 * the scenario folders. Throws ConfigError listing every problem.
 */
export async function loadConfig(file?: string, cwd: string = process.cwd()): Promise<LoadedConfig> {
  const path =
    file !== undefined ? resolve(cwd, file) : CONFIG_FILES.map((f) => join(cwd, f)).find(existsSync);
  if (path === undefined) {
    return {
      file: null,
      dir: cwd,
      config: {},
      target: referenceTarget(),
      profile: undefined,
      scenarioDirs: [],
      out: undefined,
    };
  }
  if (!existsSync(path)) throw new ConfigError(`no config file ${path}`);
  if (!statSync(path).isFile()) throw new ConfigError(`the config ${path} is not a file`);
  let exported: unknown;
  try {
    exported = await importDefault(path);
  } catch (error) {
    throw new ConfigError(`cannot load the config ${path}: ${(error as Error).message}`);
  }
  if (exported === undefined)
    throw new ConfigError(
      `the config ${path} has no default export: write \`export default defineConfig({ … })\` (import { defineConfig } from 'runbook-drill')`,
    );
  return validateConfig(exported, path);
}

/** Validates a config object as if it were the default export of `file`. Throws ConfigError. */
export function validateConfig(exported: unknown, file: string): LoadedConfig {
  const dir = dirname(file);
  const parsed = drillConfigSchema.safeParse(exported);
  if (!parsed.success) throw invalid(file, formatIssues(parsed.error));
  const config = parsed.data as DrillConfig;
  const problems: string[] = [];
  if (config.target) problems.push(...launchProblems(config.target, dir));
  const scenarioDirs = (config.scenarios ?? []).map((d) => resolve(dir, d));
  for (const [i, d] of scenarioDirs.entries()) {
    if (!existsSync(d) || !statSync(d).isDirectory()) problems.push(`scenarios[${i}]: ${d} is not a folder`);
  }
  if (problems.length > 0) throw invalid(file, problems);
  let target: Target;
  try {
    target = config.target ? resolveTarget(config.target, dir) : referenceTarget();
  } catch (error) {
    throw invalid(file, [`target: ${(error as Error).message}`]);
  }
  return {
    file,
    dir,
    config,
    target,
    profile: config.profile,
    scenarioDirs,
    out: config.out === undefined ? undefined : resolve(dir, config.out),
  };
}

function invalid(file: string, problems: readonly string[]): ConfigError {
  return new ConfigError(`the config ${file} is not valid:\n  ${problems.join('\n  ')}`);
}

/** The local command's program and working directory: what a pod start would trip over. */
function launchProblems(target: TargetDefinition, dir: string): string[] {
  const local = target.local;
  if (!local) return [];
  const problems: string[] = [];
  const cwd = resolve(dir, local.cwd ?? '.');
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    problems.push(`target.local.cwd: ${cwd} is not a folder`);
    return problems;
  }
  const program = local.command[0]!;
  const found = findExecutable(program, cwd);
  if (found.path === null) problems.push(`target.local.command[0]: ${found.reason}`);
  return problems;
}

/**
 * Where a program is: a name with a slash is relative to `cwd` (the pod's working directory), a bare
 * name is looked up on PATH. `reason` says why it is not usable.
 */
export function findExecutable(
  program: string,
  cwd: string,
  pathEnv: string | undefined = process.env.PATH,
): { path: string; reason?: undefined } | { path: null; reason: string } {
  if (program.includes('/')) {
    const candidate = resolve(cwd, program);
    if (!existsSync(candidate))
      return { path: null, reason: `${program} does not exist (looked at ${candidate})` };
    if (!isExecutableFile(candidate))
      return {
        path: null,
        reason: `${candidate} is not an executable file (chmod +x it, or name its interpreter first)`,
      };
    return { path: candidate };
  }
  const dirs = (pathEnv ?? '').split(delimiter).filter((d) => d !== '');
  for (const d of dirs) {
    const candidate = join(d, program);
    if (isExecutableFile(candidate)) return { path: candidate };
  }
  return {
    path: null,
    reason: `${program} is not an executable program on PATH (searched ${dirs.length} folders)`,
  };
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
