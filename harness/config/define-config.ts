import type { TargetDefinition } from '../targets/target.js';

/**
 * A drill.config.ts: what `drill` runs against when it is started in that folder (or given
 * `--config FILE`). Every field is optional; relative paths start at the config file's folder.
 */
export interface DrillConfig {
  /** The system under test; default: the reference gateway this project ships. */
  target?: TargetDefinition;
  /** The profile `drill run` uses when no --profile is given (see `drill run --help`); default quick. */
  profile?: string;
  /** Folders holding scenario files of one's own (each a default export of defineScenario). */
  scenarios?: string[];
  /** Where run directories go; default reports/runs (relative to the current directory). */
  out?: string;
}

/** Types a drill.config.ts (the convention of Vitest and Playwright): returns its argument unchanged. */
export function defineConfig(config: DrillConfig): DrillConfig {
  return config;
}
