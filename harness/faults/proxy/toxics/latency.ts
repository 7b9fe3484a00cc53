import type { ToxicType } from './toxic.js';

export type LatencyAttributes = { latency: number; jitter: number };

/**
 * Delays every chunk by `latency` ± `jitter` ms, counted from when the proxy read it, so latency does
 * not limit throughput; chunks keep their order. Jitter is drawn in [latency - jitter, latency + jitter).
 */
export const latency: ToxicType<LatencyAttributes> = {
  type: 'latency',
  defaults: { latency: 0, jitter: 0 },
  run: (ctx) => ({
    async chunk(chunk) {
      const { latency: base, jitter } = ctx.attributes;
      const delay = jitter > 0 ? base + ctx.rng.int(0, 2 * jitter - 1) - jitter : base;
      const wait = delay - (ctx.now() - chunk.timestamp);
      // Interrupted (removed or updated): pass the chunk on at once, as Toxiproxy does.
      if (wait > 0 && !(await ctx.sleep(wait))) return ctx.emit(chunk);
      // Stacked latency toxics add up: the next one counts from when this one let the chunk go.
      ctx.emit({ data: chunk.data, timestamp: chunk.timestamp + Math.max(delay, 0) });
    },
  }),
};
