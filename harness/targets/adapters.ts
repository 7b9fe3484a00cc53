import { z } from 'zod';
import type { WorkloadAdapter } from './adapter.js';
import { createDrillAdapter, type DrillAdapterOptions } from './drill/adapter.js';
import { drillAdapterConfigSchema } from './drill/schema.js';
import { createSocketIoEventsAdapter, type SocketIoEventsAdapterOptions } from './socketio-events/adapter.js';
import { formatIssues, socketIoEventsConfigSchema } from './socketio-events/schema.js';
import type { AdapterConfig } from './target.js';

export { createDrillAdapter, type DrillAdapterOptions } from './drill/adapter.js';
export { drillAdapterConfigSchema } from './drill/schema.js';
export { createSocketIoEventsAdapter, type SocketIoEventsAdapterOptions } from './socketio-events/adapter.js';
export {
  parseSocketIoEventsConfig,
  socketIoEventsConfigErrors,
  socketIoEventsConfigSchema,
} from './socketio-events/schema.js';
export { templateErrors, PLACEHOLDERS } from './socketio-events/template.js';

export const ADAPTER_KINDS = ['drill', 'socketio-events'] as const;

/** Settings of the adapters themselves (not of the target), per kind. */
export interface AdapterOptions {
  drill?: DrillAdapterOptions;
  socketioEvents?: SocketIoEventsAdapterOptions;
}

/**
 * Every problem of an adapter config (any kind), each as `adapter.send.data.text: …`; [] when
 * valid. An unknown kind or field is named.
 */
export function adapterConfigErrors(input: unknown, prefix = 'adapter'): string[] {
  const kind = (input as { kind?: unknown } | null)?.kind;
  if (kind === 'drill') {
    const r = drillAdapterConfigSchema.safeParse(input);
    return r.success ? [] : formatIssues(r.error, prefix);
  }
  if (kind === 'socketio-events') {
    const r = socketIoEventsConfigSchema.safeParse(input);
    return r.success ? [] : formatIssues(r.error, prefix);
  }
  if (input === null || typeof input !== 'object') return [`${prefix}: must be an object with a kind`];
  return [
    `${prefix}.kind: unknown adapter kind ${JSON.stringify(kind)} (known: ${ADAPTER_KINDS.join(', ')})`,
  ];
}

/** The adapter config, validated; throws an Error listing every problem (one a line). */
export function parseAdapterConfig(input: unknown, prefix = 'adapter'): AdapterConfig {
  const errors = adapterConfigErrors(input, prefix);
  if (errors.length > 0) throw new Error(`invalid adapter config:\n${errors.join('\n')}`);
  return input as AdapterConfig;
}

/** A zod schema for any adapter config (for a config loader composing its own schema). */
export const adapterConfigSchema: z.ZodType<AdapterConfig> = z
  .custom<AdapterConfig>()
  .superRefine((input, ctx) => {
    for (const message of adapterConfigErrors(input, '')) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: message.replace(/^\./, '') });
    }
  });

/** The workload adapter for a target's adapter config, dispatching on its kind. */
export function createAdapter(config: AdapterConfig, options: AdapterOptions = {}): WorkloadAdapter {
  switch (config.kind) {
    case 'drill':
      parseAdapterConfig(config);
      return createDrillAdapter(options.drill);
    case 'socketio-events':
      return createSocketIoEventsAdapter(config, options.socketioEvents);
    default: {
      const kind = (config as { kind?: unknown }).kind;
      throw new Error(
        `adapter.kind: unknown adapter kind ${JSON.stringify(kind)} (known: ${ADAPTER_KINDS.join(', ')})`,
      );
    }
  }
}
