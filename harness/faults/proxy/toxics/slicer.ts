import type { Rng } from '../random.js';
import type { ToxicType } from './toxic.js';

export type SlicerAttributes = { average_size: number; size_variation: number; delay: number };

/**
 * Offsets that cut [start, end) into pieces of about `average` ± `variation` bytes by halving, with the
 * cut moved by up to ±variation (Toxiproxy's algorithm), kept at least one byte wide.
 */
export function sliceOffsets(
  start: number,
  end: number,
  average: number,
  variation: number,
  rng: Rng,
): number[] {
  const out: number[] = [start];
  const split = (from: number, to: number): void => {
    if (to - from - average <= variation || to - from <= 1) {
      out.push(to);
      return;
    }
    let mid = from + Math.floor((to - from) / 2);
    if (variation > 0) mid += rng.int(0, 2 * variation - 1) - variation;
    mid = Math.min(Math.max(mid, from + 1), to - 1);
    split(from, mid);
    split(mid, to);
  };
  split(start, end);
  return out;
}

/** Cuts each chunk into smaller ones, waiting `delay` µs after each. */
export const slicer: ToxicType<SlicerAttributes> = {
  type: 'slicer',
  defaults: { average_size: 0, size_variation: 0, delay: 0 },
  run: (ctx) => ({
    async chunk(chunk) {
      const { average_size: average, size_variation: variation, delay } = ctx.attributes;
      const offsets = sliceOffsets(
        0,
        chunk.data.length,
        Math.max(average, 1),
        Math.max(variation, 0),
        ctx.rng,
      );
      for (let i = 1; i < offsets.length; i++) {
        const end = offsets[i] ?? chunk.data.length;
        ctx.emit({ data: chunk.data.subarray(offsets[i - 1] ?? 0, end), timestamp: chunk.timestamp });
        if (!(await ctx.sleepMicros(delay))) {
          // Interrupted: the rest goes unsliced.
          if (end < chunk.data.length)
            ctx.emit({ data: chunk.data.subarray(end), timestamp: chunk.timestamp });
          return;
        }
      }
    },
  }),
};
