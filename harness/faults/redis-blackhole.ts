import { blackholeLinks, podLinks, restoreLinks } from './blackhole.js';
import type { FaultType } from './fault.js';

/** Every pod's pod->redis link (pure). */
export function redisLinks(pods: readonly { name: string }[], links: readonly string[]): string[] {
  const known = new Set(links);
  const wanted = pods.map((p) => podLinks(p.name).redis);
  const missing = wanted.filter((l) => !known.has(l));
  if (missing.length > 0) throw new Error(`redis-blackhole: the topology has no link ${missing.join(', ')}`);
  return wanted;
}

/**
 * Runbook "Scenario 4: Redis Cluster Failure", Redis unreachable: every pod->redis link is
 * blackholed in both directions (timeout toxic 0: no FIN, no RST; commands and pub/sub go
 * unanswered). Heal removes the toxics, which closes the held connections, so the pods' Redis
 * clients reconnect. No client is expected to be disturbed and every pod stays ready.
 */
export const redisBlackhole: FaultType = {
  name: 'redis-blackhole',
  description: 'blackhole every pod->redis link (no FIN, no RST); heal restores them',
  requires: ['link.toxic'],
  create(target, _params, ctx) {
    if (!('component' in target) || target.component !== 'redis') {
      throw new Error(`redis-blackhole targets {component: 'redis'}, got ${JSON.stringify(target)}`);
    }
    const links = redisLinks(ctx.topology.pods, ctx.topology.links);
    let blackholed = false;
    return {
      targets: [{ kind: 'redis', name: 'redis' }, ...links.map((name) => ({ kind: 'link' as const, name }))],
      affectedPods: [],
      unreadyPods: [],
      async inject() {
        blackholed = true;
        await blackholeLinks(ctx.topology, links);
      },
      async heal() {
        if (!blackholed) return;
        blackholed = false;
        await restoreLinks(ctx.topology, links);
      },
    };
  },
};
