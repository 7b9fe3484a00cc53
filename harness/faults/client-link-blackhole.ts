import { blackholeLinks, podLinks, restoreLinks } from './blackhole.js';
import { resolvePod, type FaultType } from './fault.js';

/**
 * A known outage for calibration: one pod's client->pod link blackholed in both directions (no FIN,
 * no RST) for exactly the step's healAfter. Its clients hear nothing for that long; heal removes the
 * toxics, which closes the held connections, and they reconnect. Shorter than the heartbeat's
 * detection (ping interval + timeout), the outage is what the clients see, start to end.
 */
export const clientLinkBlackhole: FaultType = {
  name: 'client-link-blackhole',
  description: "blackhole one pod's client->pod link (no FIN, no RST) for a known time",
  requires: ['link.toxic'],
  create(target, _params, ctx) {
    const pod = resolvePod(target, ctx);
    const link = podLinks(pod).client;
    if (!ctx.topology.links.includes(link)) {
      throw new Error(`client-link-blackhole: the topology has no link ${link}`);
    }
    let blackholed = false;
    return {
      targets: [{ kind: 'link', name: link }],
      affectedPods: [pod],
      unreadyPods: [],
      async inject() {
        blackholed = true;
        await blackholeLinks(ctx.topology, [link]);
      },
      async heal() {
        if (!blackholed) return;
        blackholed = false;
        await restoreLinks(ctx.topology, [link]);
      },
    };
  },
};
