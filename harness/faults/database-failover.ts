import type { FaultTarget } from '../history/events.js';
import { podLinks } from './blackhole.js';
import type { FaultType } from './fault.js';

/** The pod->postgres link of every pod (pure). */
export function databaseLinks(pods: readonly { name: string }[], links: readonly string[]): string[] {
  const known = new Set(links);
  const wanted = pods.map((p) => podLinks(p.name).postgres);
  const missing = wanted.filter((l) => !known.has(l));
  if (missing.length > 0)
    throw new Error(`database-failover: the topology has no link ${missing.join(', ')}`);
  return wanted;
}

/**
 * Runbook "Scenario 3: Database Failover": the primary dies, the standby is promoted and the database
 * endpoint flips to it. The pods see the outage for as long as the fault lasts: inject cuts every
 * pod->postgres link (connections dropped, new ones refused, as a crashed primary's address does),
 * then crashes the primary and promotes the standby behind the cut; heal restores the links, which
 * now lead to the new primary. So the outage is the fault window (the scenario's healAfter: the
 * runbook's "RDS: 1-2 minutes"), however fast the local promotion is.
 *
 * The fault ends the moment the links return; how fast the pods notice (their /health/database
 * back to 200, the first ack) is what the criteria judge, so heal does not wait for it.
 *
 * Every pod is expected unready during the window (runbook: "All pods marked unready"), and no
 * client is expected to be disturbed (affectedPods is empty): the database is not in their path.
 */
export const databaseFailover: FaultType = {
  name: 'database-failover',
  description:
    'crash the PostgreSQL primary, promote the standby, flip the endpoint; heal reconnects the pods',
  requires: ['link.cut', 'database.failover'],
  create(target, _params, ctx) {
    if (!('component' in target) || target.component !== 'database') {
      throw new Error(`database-failover targets {component: 'database'}, got ${JSON.stringify(target)}`);
    }
    const links = databaseLinks(ctx.topology.pods, ctx.topology.links);
    const pods = ctx.topology.pods.map((p) => p.name);
    let cut = false;
    return {
      targets: [
        { kind: 'database', name: 'primary' },
        ...links.map((name): FaultTarget => ({ kind: 'link', name })),
      ],
      affectedPods: [],
      unreadyPods: pods,
      async inject() {
        cut = true;
        await Promise.all(links.map((l) => ctx.topology.setLinkEnabled(l, false)));
        ctx.sink.record({ type: 'note', level: 'info', message: 'database-failover: primary unreachable' });
        await ctx.topology.failoverDatabase();
        ctx.sink.record({
          type: 'note',
          level: 'info',
          message:
            'database-failover: primary crashed, standby promoted, endpoint flipped (pods still cut off)',
        });
      },
      async heal() {
        if (!cut) return;
        cut = false;
        await Promise.all(links.map((l) => ctx.topology.setLinkEnabled(l, true)));
        ctx.sink.record({
          type: 'note',
          level: 'info',
          message: 'database-failover: pods can reach the new primary',
        });
      },
    };
  },
};
