// `drill run SCENARIO --target URL`: the external provider over a running system, built from the URL
// and the loaded config's target (its hooks and pods), checked before anything starts.
import {
  createExternalProvider,
  EXTERNAL_PROVIDER,
  type ExternalProvider,
} from '../env/external/external-provider.js';
import { plannedPods } from '../env/pod-names.js';
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
 * What validateScenario cannot see with --target: the runner draws a scenario's fault plan over the
 * pods the scenario plans (pod-a in zones[0], pod-b in zones[1], …) and requires the topology to
 * have exactly those, so a scenario that aims faults at pods needs the config's hooks.pods to be
 * those names and zones. Empty: runnable. (The hooks get the name as {pod} and the zone as {zone}.)
 */
export function targetScenarioProblems(scenario: ScenarioDefinition, provider: ExternalProvider): string[] {
  const aimsAtPods = scenario.faults.some(
    (step) => 'pod' in step.target || 'zone' in step.target || 'podOfClient' in step.target,
  );
  if (!aimsAtPods || scenario.topology.zones.length === 0) return [];
  const planned = plannedPods(scenario.topology.pods, scenario.topology.zones);
  const have = provider.pods.map((p) => ({ name: p.name, zone: p.zone }));
  if (JSON.stringify(have) === JSON.stringify(planned)) return [];
  const list = (pods: ReadonlyArray<{ name: string; zone: string }>) =>
    pods.length === 0 ? 'none' : pods.map((p) => `${p.name} (zone ${p.zone})`).join(', ');
  return [
    `${scenario.name}: its faults are drawn over the pods ${list(planned)}, but the config's hooks.pods are ${list(have)}: list exactly those names and zones`,
  ];
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
