import { z } from 'zod';
import { CAPABILITY_NAMES, type Capability } from '../targets/capabilities.js';
import { PROFILES } from '../runner/profiles.js';
import { socketIoEventsConfigSchema } from '../targets/socketio-events/schema.js';
import type { AdapterConfig } from '../targets/target.js';
import { ENV_PLACEHOLDERS, HOOK_PLACEHOLDERS, templateProblems } from './templates.js';

// The zod schema of a drill.config.ts. Strict everywhere: a field the harness does not know is an
// error naming its path (a typo would otherwise be silently ignored and the run would test
// something else than the user meant).

/** Adds an issue for every placeholder problem of one template string. */
function templateString(placeholders: readonly string[], what: string) {
  return z.string().superRefine((text, ctx) => {
    for (const problem of templateProblems(text, placeholders))
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `${what} ${problem}` });
  });
}

const drillAdapter = z.object({ kind: z.literal('drill') }).strict();

/**
 * The adapter part: the reference protocol, or the declarative socketio-events adapter validated
 * by its own schema (harness/targets/socketio-events/schema.ts), its issues kept at their paths.
 */
const adapterSchema = z.unknown().superRefine((value, ctx) => {
  const kind = value !== null && typeof value === 'object' ? (value as { kind?: unknown }).kind : undefined;
  const schema =
    kind === 'drill' ? drillAdapter : kind === 'socketio-events' ? socketIoEventsConfigSchema : null;
  if (schema === null) {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      path: ['kind'],
      message: `adapter kind must be 'drill' or 'socketio-events', got ${JSON.stringify(kind)}`,
    });
    return;
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) for (const issue of parsed.error.issues) ctx.addIssue(issue);
}) as unknown as z.ZodType<AdapterConfig>;

const envSchema = z.record(z.string(), templateString(ENV_PLACEHOLDERS, 'environment template'));

const command = z.array(z.string().min(1, 'a non-empty word')).min(1, 'a command needs its program');

const httpPath = z.string().startsWith('/', 'an HTTP path starting with /');

export const targetSchema = z
  .object({
    name: z.string().min(1),
    description: z.string().optional(),
    local: z.object({ command, cwd: z.string().optional(), env: envSchema.optional() }).strict().optional(),
    image: z
      .object({
        name: z.string().min(1),
        command: command.optional(),
        env: envSchema.optional(),
        port: z.number().int().min(1).max(65_535),
      })
      .strict()
      .optional(),
    readinessPath: httpPath.nullable(),
    livenessPath: httpPath.nullable(),
    services: z
      .object({ redis: z.boolean(), postgres: z.enum(['none', 'primary', 'primary+standby']) })
      .strict(),
    loadBalancer: z.object({ affinityCookie: z.boolean(), upgrade: z.boolean() }).strict(),
    adapter: adapterSchema,
    capabilities: z.array(z.enum(CAPABILITY_NAMES as [Capability, ...Capability[]])),
    audit: z
      .union([z.object({ sql: z.string().min(1) }).strict(), z.object({ http: httpPath }).strict()])
      .optional(),
    metrics: z
      .object({ path: httpPath, names: z.record(z.string(), z.string()) })
      .strict()
      .optional(),
    presence: z
      .object({
        path: httpPath.superRefine((p, ctx) => {
          for (const problem of templateProblems(p, ['room']))
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: `presence path ${problem}` });
        }),
      })
      .strict()
      .optional(),
    hooks: z
      .object({
        ...Object.fromEntries(
          (['kill', 'terminate', 'start', 'pause', 'resume'] as const).map((k) => [
            k,
            templateString(HOOK_PLACEHOLDERS, 'hook command').optional(),
          ]),
        ),
        pods: z
          .array(
            z
              .object({
                name: z.string().min(1),
                zone: z.string().optional(),
                url: z.string().url().optional(),
              })
              .strict(),
          )
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((t, ctx) => {
    // A placeholder the provider cannot fill because the topology does not boot its service.
    const envs: Array<[string, Record<string, string> | undefined]> = [
      ['local', t.local?.env],
      ['image', t.image?.env],
    ];
    for (const [where, env] of envs) {
      for (const [key, value] of Object.entries(env ?? {})) {
        if (value.includes('{redisUrl}') && !t.services.redis)
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [where, 'env', key],
            message: '{redisUrl} is used but services.redis is false: no Redis is booted for this target',
          });
        if (value.includes('{databaseUrl}') && t.services.postgres === 'none')
          ctx.addIssue({
            code: z.ZodIssueCode.custom,
            path: [where, 'env', key],
            message:
              "{databaseUrl} is used but services.postgres is 'none': no PostgreSQL is booted for this target",
          });
      }
    }
    // A capability whose means the target does not say.
    const has = new Set(t.capabilities);
    const needsField: Array<[Capability, keyof typeof t]> = [
      ['durable-store', 'audit'],
      ['metrics', 'metrics'],
      ['presence', 'presence'],
    ];
    for (const [capability, field] of needsField) {
      if (has.has(capability) && t[field] === undefined)
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [field],
          message: `capability '${capability}' is declared, so the target must say how (the ${String(field)} field)`,
        });
    }
    // Tokens are signed only for a target that verifies them (with {jwtSecret} in its environment).
    if (!has.has('jwt-auth') && JSON.stringify(t.adapter).includes('{token}'))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['adapter'],
        message:
          "{token} is used but capability 'jwt-auth' is not declared: the harness signs tokens (with {jwtSecret}) only for a target that verifies them",
      });
    if (has.has('health') && t.readinessPath === null)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['readinessPath'],
        message: "capability 'health' is declared, so readinessPath cannot be null",
      });
  });

export const drillConfigSchema = z
  .object({
    target: targetSchema.optional(),
    profile: z
      .string()
      .refine(
        (p) => p in PROFILES,
        (p) => ({
          message: `no profile "${p}"; known: ${Object.keys(PROFILES).join(', ')}`,
        }),
      )
      .optional(),
    scenarios: z.array(z.string().min(1)).optional(),
    out: z.string().min(1).optional(),
  })
  .strict();

/** One line per zod issue: the field's path, then what is wrong with it. */
export function formatIssues(error: z.ZodError, root = ''): string[] {
  return error.issues.flatMap((issue) => {
    const at = (path: ReadonlyArray<string | number>) =>
      [root, ...path]
        .filter((p) => p !== '')
        .reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '') ||
      '(the config)';
    if (issue.code === z.ZodIssueCode.unrecognized_keys)
      return issue.keys.map((k) => `${at([...issue.path, k])}: unknown field`);
    if (issue.code === z.ZodIssueCode.invalid_union) {
      // The most specific branch's issues (templates are a union of JSON shapes).
      const branches = issue.unionErrors.map((e) => e.issues).filter((i) => i.length > 0);
      const custom = branches.find((b) => b.some((i) => i.code === z.ZodIssueCode.custom));
      if (custom) return formatIssues(new z.ZodError(custom), root);
    }
    if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined')
      return [`${at(issue.path)}: required (expected ${issue.expected})`];
    return [`${at(issue.path)}: ${issue.message}`];
  });
}
