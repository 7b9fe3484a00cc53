import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertDeadPodPresenceExpires, assertPodKillRecovery, podKill } from './probes/pod-failure.js';
import { startInfra, startPods, type Infra } from './support/stack.js';

describe('SIGKILL of a pod', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('its clients resume on the other pod with every message, in order, once; its presence expires', async () => {
    const stack = await startPods(infra, 2);
    try {
      const o = await podKill(stack);
      assertPodKillRecovery(o);
      assertDeadPodPresenceExpires(o);
      expect(o.reconnectMs).toBeLessThan(10_000);
    } finally {
      await stack.down();
    }
  });
});
