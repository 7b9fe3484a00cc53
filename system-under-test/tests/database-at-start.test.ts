import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  assertNotReadyWhileDatabaseUnreachable,
  assertReadyOnceDatabaseReachable,
  databaseDownAtStart,
} from './probes/database-at-start.js';
import { startInfra, startPods, type Infra } from './support/stack.js';

describe('database unreachable at start (runbook rollback: a bad version fails readiness)', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('is not ready until the database is reachable, then becomes ready by itself', async () => {
    const stack = await startPods(infra, 0);
    try {
      const o = await databaseDownAtStart(stack);
      assertNotReadyWhileDatabaseUnreachable(o);
      assertReadyOnceDatabaseReachable(o);
    } finally {
      await stack.down();
    }
  });
});
