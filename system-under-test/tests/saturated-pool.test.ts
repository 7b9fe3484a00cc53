import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  assertBlockedSendsComplete,
  assertHealthIgnoresPoolSaturation,
  saturatedSendPool,
} from './probes/saturated-pool.js';
import { startInfra, startPods, type Infra } from './support/stack.js';

describe('saturated send pool (runbook performance degradation: a slow database is not a dead one)', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('keeps /health and /health/database 200 while every pool connection is busy; the sends complete', async () => {
    const stack = await startPods(infra, 0);
    try {
      const o = await saturatedSendPool(stack);
      assertHealthIgnoresPoolSaturation(o);
      assertBlockedSendsComplete(o);
    } finally {
      await stack.down();
    }
  });
});
