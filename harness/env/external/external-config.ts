// The external provider's config: the options `drill run --target URL` gives it, checked into an
// ExternalConfig (the parsed URL, the parsed hook commands, the pods) — or refused with every
// problem at once, each naming its hook or pod.
import type { TargetHooks } from '../../targets/target.js';
import type { PodInfo } from '../provider.js';
import { parseHook, type HookCommand } from './hook-command.js';
import { parseTargetUrl } from './target-url.js';

/** Zone of a configured pod that names none. */
export const DEFAULT_ZONE = 'default';

const DEFAULT_HOOK_TIMEOUT_MS = 120_000;
const DEFAULT_READY_TIMEOUT_MS = 60_000;

export type HookName = 'kill' | 'terminate' | 'start' | 'pause' | 'resume';
const HOOK_NAMES: readonly HookName[] = ['kill', 'terminate', 'start', 'pause', 'resume'];

export interface ExternalProviderOptions {
  /** The running system's entry point: http(s):// or ws(s)://host[:port][/path]. */
  url: string;
  /** The config's hook commands and pods (TargetDefinition.hooks). */
  hooks?: TargetHooks;
  /**
   * The target's readiness path (TargetDefinition.readinessPath): after a `start` hook, a pod with a
   * `url` is ready once this answers 200; null: once its port accepts a connection. Default null.
   */
  readinessPath?: string | null;
  /** Where relative hook programs are found and the hooks run (the config's folder); default cwd. */
  baseDir?: string;
  /** A hook command running longer is SIGKILLed and its fault fails; default 120 000 ms. */
  hookTimeoutMs?: number;
  /** How long startPod waits for a started pod to be ready; default 60 000 ms. */
  readyTimeoutMs?: number;
  /** Environment whose PATH finds the hook programs; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** The options checked, with their defaults filled in. */
export interface ExternalConfig {
  /** The --target URL as given. */
  url: string;
  /** The --target URL parsed. */
  target: URL;
  /** The hook commands the config gives, by hook name. */
  commands: ReadonlyMap<HookName, HookCommand>;
  /** The configured pods as the topology will list them. */
  podInfos: readonly PodInfo[];
  baseDir: string;
  hookTimeoutMs: number;
  readyTimeoutMs: number;
  readinessPath: string | null;
}

/**
 * Checks the options. Throws at once when the URL, the pods or a hook command is unusable: a bad
 * quote, an unknown placeholder, a program that is not executable — every problem at once.
 */
export function checkExternalConfig(options: ExternalProviderOptions): ExternalConfig {
  const target = parseTargetUrl(options.url);
  const hooks = options.hooks ?? {};
  const baseDir = options.baseDir ?? process.cwd();
  const hookTimeoutMs = options.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const readinessPath = options.readinessPath ?? null;

  const problems: string[] = [];
  const commands = new Map<HookName, HookCommand>();
  for (const name of HOOK_NAMES) {
    const source = hooks[name];
    if (source === undefined) continue;
    const parsed = parseHook(name, source, baseDir, options.env);
    problems.push(...parsed.problems);
    if (parsed.command) commands.set(name, parsed.command);
  }
  const podInfos: PodInfo[] = [];
  for (const [i, pod] of (hooks.pods ?? []).entries()) {
    if (typeof pod?.name !== 'string' || pod.name === '') {
      problems.push(`hooks.pods[${i}]: a pod needs a name`);
      continue;
    }
    if (podInfos.some((p) => p.name === pod.name))
      problems.push(`hooks.pods[${i}]: ${pod.name} is listed twice`);
    let url = target.origin;
    if (pod.url !== undefined) {
      try {
        url = new URL(pod.url).href.replace(/\/$/, '');
      } catch {
        problems.push(`hooks.pods[${i}] (${pod.name}): url ${JSON.stringify(pod.url)} is not a URL`);
      }
    }
    podInfos.push({ name: pod.name, zone: pod.zone ?? DEFAULT_ZONE, url });
  }
  if (problems.length > 0) {
    throw new Error(`the --target config cannot be used:\n  ${problems.join('\n  ')}`);
  }
  return {
    url: options.url,
    target,
    commands,
    podInfos,
    baseDir,
    hookTimeoutMs,
    readyTimeoutMs,
    readinessPath,
  };
}
