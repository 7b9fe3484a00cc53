// `drill run SCENARIO --target URL`: the external provider over a running system, built from the URL
// and the loaded config's target (its hooks and pods), checked before anything starts.
import {
  createExternalProvider,
  EXTERNAL_PROVIDER,
  type ExternalProvider,
} from '../env/external/external-provider.js';
import { planFaults } from '../runner/fault-plan.js';
import type { ScenarioDefinition } from '../runner/scenario.js';
import type { TargetDefinition } from '../targets/target.js';

export interface TargetOptionInput {
  /** The value of --target: the running system's entry point (http(s) or ws(s) URL). */
  url: string;
  /** The loaded config's target: its hooks (commands and pods) and readiness path; absent: no config. */
  target?: Pick<TargetDefinition, 'name' | 'hooks' | 'readinessPath'>;
  /** The config file's folder: relative hook programs are found, and the hooks run, there. */
  baseDir: string;
  /** --provider when the user gave it explicitly (it must then be `external`). */
  provider?: string;
  /** Longest a hook command may run (ms); default 120 000. */
  hookTimeoutMs?: number;
}

/**
 * The provider for `--target URL`. Throws one error naming every problem (a URL that is not one,
 * --provider naming another provider, a hook that does not parse or whose program is not
 * executable, a pod listed twice) before anything starts. Faults the config cannot perform are
 * refused afterwards by validateScenario(scenario, provider), naming the missing hook.
 */
export function providerForTarget(input: TargetOptionInput): ExternalProvider {
  if (input.provider !== undefined && input.provider !== EXTERNAL_PROVIDER) {
    throw new Error(
      `--target ${input.url} drives a system that is already running; --provider ${input.provider} boots one: drop one of them`,
    );
  }
  return createExternalProvider({
    url: input.url,
    ...(input.target?.hooks ? { hooks: input.target.hooks } : {}),
    readinessPath: input.target?.readinessPath ?? null,
    baseDir: input.baseDir,
    ...(input.hookTimeoutMs === undefined ? {} : { hookTimeoutMs: input.hookTimeoutMs }),
  });
}

/**
 * What validateScenario cannot see with --target: the fault plan is drawn over the config's pods
 * (hooks.pods, Provider.existingPods), so a step aimed at a zone none of them is in, or a random pod
 * when none is listed, cannot be planned. Empty: runnable.
 */
export function targetScenarioProblems(scenario: ScenarioDefinition, provider: ExternalProvider): string[] {
  try {
    planFaults(scenario, 1, 1, provider.existingPods);
    return [];
  } catch (error) {
    return [
      `${(error as Error).message} (the config's pods, hooks.pods: ${provider.pods.map((p) => `${p.name} in zone ${p.zone}`).join(', ') || 'none'})`,
    ];
  }
}

/**
 * For `drill run`: the provider `--target URL` asks for, built from the loaded config's target
 * (`loaded.target.definition` hooks and pods, relative to `loaded.target.baseDir`); undefined
 * without --target. `providerGiven`: --provider was on the command line (its default is not a
 * conflict). Throws, before anything starts, when --target meets --attach or another --provider,
 * or the config's hooks cannot run.
 */
export function providerForRun(
  o: { target?: string; provider: string; attach?: unknown },
  providerGiven: boolean,
  loaded: {
    target: { definition: Pick<TargetDefinition, 'name' | 'hooks' | 'readinessPath'>; baseDir: string };
  },
): ExternalProvider | undefined {
  if (o.target === undefined) return undefined;
  if (o.attach !== undefined) {
    throw new Error(`--target ${o.target} and --attach both name a running system: give one of them`);
  }
  return providerForTarget({
    url: o.target,
    target: loaded.target.definition,
    baseDir: loaded.target.baseDir,
    ...(providerGiven ? { provider: o.provider } : {}),
  });
}
