import type { ToxicType } from './toxic.js';

/** Passes everything through (Toxiproxy registers it as a toxic type too). */
export const noop: ToxicType<Record<string, never>> = {
  type: 'noop',
  defaults: {},
  run: (ctx) => ({ chunk: (chunk) => ctx.emit(chunk) }),
};
