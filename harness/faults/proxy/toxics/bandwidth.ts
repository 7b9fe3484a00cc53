import type { ToxicType } from './toxic.js';

export type BandwidthAttributes = { rate: number };

const SLICE_MS = 100;

/**
 * Limits the direction to `rate` KB/s (1 KB = 1000 bytes). Like Toxiproxy: data larger than 100 ms
 * worth is sent in 100 ms slices, and the time owed is carried from chunk to chunk (idle time earns no
 * burst). A rate of 0 or less means no limit.
 */
export const bandwidth: ToxicType<BandwidthAttributes> = {
  type: 'bandwidth',
  defaults: { rate: 0 },
  run: (ctx) => {
    let owedMs = 0;
    return {
      async chunk(chunk) {
        const rate = ctx.attributes.rate;
        if (rate <= 0) {
          owedMs = 0;
          return ctx.emit(chunk);
        }
        let data = chunk.data;
        const send = (part: Buffer) => ctx.emit({ data: part, timestamp: chunk.timestamp });
        owedMs += data.length / rate;
        const sliceBytes = rate * SLICE_MS;
        while (data.length > sliceBytes) {
          if (!(await ctx.sleep(SLICE_MS))) return send(data);
          send(data.subarray(0, sliceBytes));
          data = data.subarray(sliceBytes);
          owedMs -= SLICE_MS;
        }
        const start = ctx.now();
        if (owedMs > 0 && !(await ctx.sleep(owedMs))) return send(data);
        owedMs -= ctx.now() - start;
        send(data);
      },
    };
  },
};
