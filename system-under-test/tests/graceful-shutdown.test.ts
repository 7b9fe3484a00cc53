import { afterAll, beforeAll, describe, it } from 'vitest';
import { assertGracefulShutdown, gracefulShutdown } from './probes/graceful-shutdown.js';
import { startInfra, startPods, type Infra } from './support/stack.js';

describe('SIGTERM (the runbook graceful shutdown sequence)', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('notifies every client, drains them to the other pod, exits 0 within the grace, loses nothing', async () => {
    const stack = await startPods(infra, 2);
    try {
      assertGracefulShutdown(await gracefulShutdown(stack));
    } finally {
      await stack.down();
    }
  });
});
