import type { FaultType } from './fault.js';

/**
 * Runbook "Scenario 4: Redis Cluster Failure", Redis down: the server is stopped (its clients see
 * the connections close and refused reconnects); heal starts it again on the same address.
 * No client is expected to be disturbed and every pod stays ready: Redis is not in a client's
 * path nor in /health (degraded mode).
 */
export const redisStop: FaultType = {
  name: 'redis-stop',
  description: 'stop Redis; heal starts it again',
  requires: ['redis.stop'],
  create(target, _params, ctx) {
    if (!('component' in target) || target.component !== 'redis') {
      throw new Error(`redis-stop targets {component: 'redis'}, got ${JSON.stringify(target)}`);
    }
    let stopped = false;
    return {
      targets: [{ kind: 'redis', name: 'redis' }],
      affectedPods: [],
      unreadyPods: [],
      async inject() {
        stopped = true;
        await ctx.topology.stopRedis();
      },
      async heal() {
        if (!stopped) return;
        stopped = false;
        await ctx.topology.startRedis();
      },
    };
  },
};
