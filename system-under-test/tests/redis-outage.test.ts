import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertRedisOutageDegradesGracefully, redisOutage } from './probes/redis-outage.js';
import { startInfra, startPods, type Infra } from './support/stack.js';

describe('Redis outage (runbook failover scenario 4)', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('disconnects no client, keeps same-pod delivery, and heals cross-pod gaps after Redis returns', async () => {
    const stack = await startPods(infra, 2);
    try {
      assertRedisOutageDegradesGracefully(await redisOutage(stack));
    } finally {
      await stack.down();
    }
  });
});
