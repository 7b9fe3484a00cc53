// Environment templates (TargetDefinition.local.env, .image.env): variable → a string with
// placeholders in braces, filled per pod. See target.ts for what each placeholder means.

/** Filled by the provider for each pod. */
export const POD_PLACEHOLDERS = ['port', 'host', 'pod', 'zone', 'redisUrl', 'databaseUrl'] as const;
/** Filled from the scenario (runbook timings scaled by --time-scale, in ms) and the run. */
export const SCENARIO_PLACEHOLDERS = [
  'jwtSecret',
  'pingIntervalMs',
  'pingTimeoutMs',
  'drainTimeoutMs',
  'terminationGraceMs',
  'presenceTtlMs',
  'checkIntervalMs',
  'maxConnections',
  'defects',
] as const;
export const PLACEHOLDERS = [...POD_PLACEHOLDERS, ...SCENARIO_PLACEHOLDERS] as const;

export type PodPlaceholder = (typeof POD_PLACEHOLDERS)[number];
export type ScenarioPlaceholder = (typeof SCENARIO_PLACEHOLDERS)[number];
export type Placeholder = (typeof PLACEHOLDERS)[number];
export type PlaceholderValues = Partial<Record<Placeholder, string>>;

const PATTERN = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

const isPlaceholder = (name: string): name is Placeholder =>
  (PLACEHOLDERS as readonly string[]).includes(name);

/** The placeholders a template string uses, in order (repeats kept once). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PATTERN)].map((m) => m[1]!))];
}

/** The single placeholder a template string is made of (`{port}`), or undefined. */
export function solePlaceholder(template: string): string | undefined {
  const m = /^\{([A-Za-z][A-Za-z0-9]*)\}$/.exec(template);
  return m?.[1];
}

/**
 * Problems of an environment template, found before anything starts: unknown placeholders, and
 * (given `available`) placeholders nobody will fill, e.g. {redisUrl} for a target without Redis.
 * `where` names the template in the messages (drill.config.ts target.local.env).
 */
export function checkTemplate(
  env: Readonly<Record<string, string>>,
  options: { where?: string; available?: readonly string[] } = {},
): string[] {
  const where = options.where ?? 'env';
  const problems: string[] = [];
  for (const [variable, template] of Object.entries(env)) {
    if (typeof template !== 'string') {
      problems.push(`${where}.${variable}: must be a string, got ${JSON.stringify(template)}`);
      continue;
    }
    for (const name of placeholdersOf(template)) {
      if (!isPlaceholder(name)) {
        problems.push(
          `${where}.${variable}: unknown placeholder {${name}}; known: ${PLACEHOLDERS.map((p) => `{${p}}`).join(' ')}`,
        );
      } else if (options.available && !options.available.includes(name)) {
        problems.push(`${where}.${variable}: {${name}} cannot be filled here (${unfillableReason(name)})`);
      }
    }
  }
  return problems;
}

function unfillableReason(name: Placeholder): string {
  if (name === 'redisUrl') return 'the target needs no Redis: services.redis is false';
  if (name === 'databaseUrl') return "the target needs no PostgreSQL: services.postgres is 'none'";
  return 'no value for it in this run';
}

/**
 * Fills an environment template. An unknown placeholder, or one without a value, is an error naming
 * the variable and the placeholder. A variable that is exactly one placeholder whose value is the
 * empty string is left unset (an empty {defects} sets nothing).
 */
export function fillTemplate(
  env: Readonly<Record<string, string>>,
  values: PlaceholderValues,
  where = 'env',
): Record<string, string> {
  const problems = checkTemplate(env, { where });
  const filled: Record<string, string> = {};
  for (const [variable, template] of Object.entries(env)) {
    if (typeof template !== 'string') continue;
    const sole = solePlaceholder(template);
    if (sole !== undefined && isPlaceholder(sole) && values[sole] === '') continue;
    filled[variable] = template.replace(PATTERN, (whole, name: string) => {
      if (!isPlaceholder(name)) return whole;
      const value = values[name];
      if (value === undefined) {
        problems.push(`${where}.${variable}: {${name}} cannot be filled (${unfillableReason(name)})`);
        return whole;
      }
      return value;
    });
  }
  if (problems.length > 0) throw new Error(`environment template: ${[...new Set(problems)].join('; ')}`);
  return filled;
}
