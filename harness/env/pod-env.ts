// A pod's environment, the same way in every provider: the target's template filled with the pod's
// own placeholders and the run's values, the scenario's variables over it.
import {
  fillTemplate,
  placeholdersOf,
  solePlaceholder,
  type PlaceholderValues,
} from '../targets/env-template.js';
import type { PodSpec } from './provider.js';

/** What the provider knows of one pod. */
export interface PodOwnValues {
  port: number;
  host: string;
  pod: string;
  zone: string;
  redisUrl?: string;
  databaseUrl?: string;
}

const FIXED = ['port', 'host', 'pod', 'zone'];
const LINKS = ['redisUrl', 'databaseUrl'];

const using = (template: Readonly<Record<string, string>>, names: readonly string[]): Set<string> =>
  new Set(
    Object.entries(template)
      .filter(([, t]) => placeholdersOf(t).some((p) => names.includes(p)))
      .map(([variable]) => variable),
  );

const without = (env: Readonly<Record<string, string>> | undefined, keys: ReadonlySet<string>) =>
  Object.fromEntries(Object.entries(env ?? {}).filter(([k]) => !keys.has(k)));

/**
 * The filled template, then `pod.env` (never over a variable of the pod's own placeholders), then
 * `overrides` (a pod's version: may point {databaseUrl}'s or {redisUrl}'s variable elsewhere, never
 * {port}'s, {host}'s, {pod}'s or {zone}'s).
 */
export function podEnvironment(
  template: Readonly<Record<string, string>> | undefined,
  pod: PodSpec,
  own: PodOwnValues,
  overrides?: Readonly<Record<string, string>>,
  where = `pod ${own.pod}`,
): Record<string, string> {
  const t = template ?? {};
  const values: PlaceholderValues = {
    ...pod.values,
    port: String(own.port),
    host: own.host,
    pod: own.pod,
    zone: own.zone,
    ...(own.redisUrl === undefined ? {} : { redisUrl: own.redisUrl }),
    ...(own.databaseUrl === undefined ? {} : { databaseUrl: own.databaseUrl }),
  };
  const filled = fillTemplate(t, values, `${where}: env`);
  const fixed = using(t, FIXED);
  const owned = new Set([...fixed, ...using(t, LINKS)]);
  return { ...filled, ...without(pod.env, owned), ...without(overrides, fixed) };
}

/**
 * A scenario placeholder's value as the pods get it: the scenario's own variable for it (one whose
 * template is exactly that placeholder) over the run's value. undefined: neither.
 */
export function podValue(pod: PodSpec, name: keyof PlaceholderValues): string | undefined {
  const template = pod.local?.env ?? pod.image?.env ?? {};
  const variable = Object.entries(template).find(([, t]) => solePlaceholder(t) === name)?.[0];
  const fromEnv = variable === undefined ? undefined : pod.env?.[variable];
  if (fromEnv !== undefined) return fromEnv;
  if (pod.values[name] !== undefined) return pod.values[name];
  // A template without the placeholder: the variable a pod-only template leaves to the scenario's env.
  return undefined;
}
