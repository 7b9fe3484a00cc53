import type { ToxicType } from './toxic.js';

export type SlowCloseAttributes = { delay: number };

/** Passes data through; when the stream ends, holds the close back for `delay` ms. */
export const slowClose: ToxicType<SlowCloseAttributes> = {
  type: 'slow_close',
  defaults: { delay: 0 },
  run: (ctx) => ({
    chunk: (chunk) => ctx.emit(chunk),
    async end() {
      // Interrupted: the end is handed to whatever runs next (the close is no longer held back).
      if (await ctx.sleep(ctx.attributes.delay)) ctx.close();
    },
  }),
};
