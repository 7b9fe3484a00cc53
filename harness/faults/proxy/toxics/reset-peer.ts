import type { ToxicType } from './toxic.js';

export type ResetPeerAttributes = { timeout: number };

/**
 * Like Toxiproxy: the first data (or end of stream) to arrive in this direction is dropped and
 * `timeout` ms later the connection is reset (TCP RST to both peers). Nothing passes meanwhile.
 * Once started, the countdown is not stopped by removing the toxic.
 */
export const resetPeer: ToxicType<ResetPeerAttributes> = {
  type: 'reset_peer',
  defaults: { timeout: 0 },
  run: (ctx) => {
    const fire = async () => {
      if (await ctx.sleepThrough(ctx.attributes.timeout)) ctx.reset();
    };
    return { chunk: fire, end: fire };
  },
};
