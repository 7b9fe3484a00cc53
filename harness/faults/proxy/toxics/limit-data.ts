import type { ToxicType } from './toxic.js';

export type LimitDataAttributes = { bytes: number };

/** Passes `bytes` bytes in this direction, then closes it (the count survives updates of the toxic). */
export const limitData: ToxicType<LimitDataAttributes, { sent: number }> = {
  type: 'limit_data',
  defaults: { bytes: 0 },
  newState: () => ({ sent: 0 }),
  run: (ctx, state) => ({
    chunk(chunk) {
      const remaining = Math.max(ctx.attributes.bytes - state.sent, 0);
      const data = remaining < chunk.data.length ? chunk.data.subarray(0, remaining) : chunk.data;
      if (data.length > 0) {
        ctx.emit({ data, timestamp: chunk.timestamp });
        state.sent += data.length;
      }
      if (ctx.attributes.bytes - state.sent <= 0) ctx.close();
    },
  }),
};
