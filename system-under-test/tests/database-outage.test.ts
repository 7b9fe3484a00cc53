import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  assertHealthFollowsDatabase,
  assertSendsFailRetryablyAndNothingAckedIsLost,
  databaseOutage,
} from './probes/database-outage.js';
import { startInfra, startPods, type Infra } from './support/stack.js';

describe('database outage (runbook failover scenario 3)', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('health answers 503 with the runbook JSON, sends fail retryably, nothing acked is lost', async () => {
    const stack = await startPods(infra, 1);
    try {
      const o = await databaseOutage(stack);
      assertHealthFollowsDatabase(o);
      assertSendsFailRetryablyAndNothingAckedIsLost(o);
    } finally {
      await stack.down();
    }
  });
});
