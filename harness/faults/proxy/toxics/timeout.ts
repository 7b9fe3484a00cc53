import type { ToxicType } from './toxic.js';

export type TimeoutAttributes = { timeout: number };

/**
 * Drops all data. With `timeout` > 0 the direction is closed once no data has arrived for `timeout` ms
 * (like Toxiproxy, every dropped chunk starts the wait again); with 0 the connection is held open
 * (a blackhole). Removing the toxic closes the connections it held, as Toxiproxy's cleanup does.
 */
export const timeout: ToxicType<TimeoutAttributes> = {
  type: 'timeout',
  defaults: { timeout: 0 },
  run: (ctx) => {
    const arm = () => {
      if (ctx.attributes.timeout > 0) ctx.timer(ctx.attributes.timeout, () => ctx.close());
    };
    arm();
    return {
      chunk: () => arm(),
      end: () => ctx.close(),
      cleanup: () => ctx.close(),
    };
  },
};
