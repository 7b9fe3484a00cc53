import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  assertCrossPodDelivery,
  assertIdempotentRetry,
  crossPodDelivery,
  idempotentRetry,
} from './probes/delivery.js';
import { startInfra, startPods, type Infra, type Stack } from './support/stack.js';

describe('delivery across two gateway pods (real PostgreSQL and Redis)', () => {
  let infra: Infra;
  let stack: Stack;
  beforeAll(async () => {
    infra = await startInfra();
    stack = await startPods(infra, 2);
  });
  afterAll(async () => {
    await stack?.down();
    await infra?.down();
  });

  it('a message sent through pod A reaches members on pod B in order, acked with its seq', async () => {
    assertCrossPodDelivery(await crossPodDelivery(stack));
  });

  it('a retry with the same clientMsgId returns the original seq and stores nothing new', async () => {
    assertIdempotentRetry(await idempotentRetry(stack));
  });
});
