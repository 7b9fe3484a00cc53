import { z } from 'zod';
import type { SocketIoEventsAdapterConfig, Template } from '../target.js';
import { PLACEHOLDERS, placeholdersIn, SEND_ONLY, templateErrors, type Placeholder } from './template.js';

const templateSchema: z.ZodType<Template> = z.lazy(() =>
  z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(templateSchema), z.record(templateSchema)]),
);

/** Events socket.io-client reserves: a step or a listener cannot use them. */
const RESERVED = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
]);
const eventName = z
  .string()
  .min(1, 'an event name must not be empty')
  .refine(
    (s) => !RESERVED.has(s),
    (s) => ({ message: `${JSON.stringify(s)} is reserved by Socket.IO` }),
  );
const dottedPath = z.string().min(1, 'a field path must not be empty (use "." for the value itself)');

const emitStepSchema = z
  .object({
    emit: eventName,
    data: templateSchema.optional(),
    acknowledge: z
      .union([
        z.boolean(),
        z
          .object({
            timeoutMs: z.number().int().positive().optional(),
            match: z
              .object({ path: dottedPath, equals: z.union([z.string(), z.number(), z.boolean()]) })
              .strict()
              .optional(),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();

const listenerSchema = z.object({ on: eventName, field: dottedPath }).strict();

/**
 * The declarative adapter's config (SocketIoEventsAdapterConfig), strict: an unknown field is an
 * error naming it. Templates are checked too: an unknown placeholder, an unbalanced brace, a
 * send-only placeholder ({body} {correlationId} {senderSeq}) outside send, a send without
 * {correlationId}.
 */
export const socketIoEventsConfigSchema = z
  .object({
    kind: z.literal('socketio-events'),
    path: z.string().startsWith('/', 'the Socket.IO path starts with /').optional(),
    namespace: z.string().startsWith('/', 'a namespace starts with /').optional(),
    transports: z
      .array(z.enum(['websocket', 'polling']))
      .min(1)
      .optional(),
    cookies: z.boolean().optional(),
    auth: z.record(templateSchema).optional(),
    query: z.record(z.string()).optional(),
    login: emitStepSchema.optional(),
    join: emitStepSchema.optional(),
    send: emitStepSchema,
    receive: listenerSchema,
    echo: z.boolean(),
    pod: listenerSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const notInSend = PLACEHOLDERS.filter((p) => !SEND_ONLY.includes(p));
    const check = (template: unknown, path: Array<string | number>, allowed: readonly Placeholder[]) => {
      for (const message of templateErrors(template, '', allowed)) {
        // templateErrors prefixes its own sub-path (".a.b: ..."): split it back into the issue path.
        const at = message.indexOf(': ');
        const sub = message.slice(0, at).split('.').filter(Boolean);
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [...path, ...sub],
          message: message.slice(at + 2),
        });
      }
    };
    for (const [key, value] of Object.entries(config.auth ?? {})) check(value, ['auth', key], notInSend);
    for (const [key, value] of Object.entries(config.query ?? {})) check(value, ['query', key], notInSend);
    if (config.login) check(config.login.data, ['login', 'data'], notInSend);
    if (config.join) check(config.join.data, ['join', 'data'], notInSend);
    const sendErrors = templateErrors(config.send.data, '', PLACEHOLDERS);
    check(config.send.data, ['send', 'data'], PLACEHOLDERS);
    if (sendErrors.length === 0 && !placeholdersIn(config.send.data).has('correlationId')) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['send', 'data'],
        message:
          'must carry {correlationId} (in a field, or inside a text) so that deliveries can be recognised',
      });
    }
  });

/** `prefix.a.b: message` for every problem of an adapter config. */
export function formatIssues(error: z.ZodError, prefix = 'adapter'): string[] {
  return error.issues.map((issue) => {
    const at = [prefix, ...issue.path.map(String)].filter(Boolean).join('.');
    if (issue.code === z.ZodIssueCode.unrecognized_keys) {
      return issue.keys.map((k) => `${at}.${k}: unknown field`).join('\n');
    }
    if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') {
      return `${at}: required field missing`;
    }
    return `${at}: ${issue.message}`;
  });
}

/** Every problem of a socketio-events config, each as `adapter.send.data.text: …`; [] when valid. */
export function socketIoEventsConfigErrors(input: unknown, prefix = 'adapter'): string[] {
  const result = socketIoEventsConfigSchema.safeParse(input);
  return result.success ? [] : formatIssues(result.error, prefix);
}

/** The config, validated; throws an Error listing every problem (one `path: message` a line). */
export function parseSocketIoEventsConfig(input: unknown, prefix = 'adapter'): SocketIoEventsAdapterConfig {
  const result = socketIoEventsConfigSchema.safeParse(input);
  if (!result.success) {
    throw new Error(
      `invalid socketio-events adapter config:\n${formatIssues(result.error, prefix).join('\n')}`,
    );
  }
  return result.data as SocketIoEventsAdapterConfig;
}
