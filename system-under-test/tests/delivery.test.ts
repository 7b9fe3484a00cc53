import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertCrossPodDelivery,
  assertIdempotentRetry,
  crossPodDelivery,
  idempotentRetry,
} from './probes/delivery.js';
import { startInfra, startPods, uniqueRoom, waitUntil, type Infra, type Stack } from './support/stack.js';

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

  it('lists room members in presence on any pod, and forgets one as soon as it disconnects', async () => {
    const room = uniqueRoom('presence');
    const watcher = stack.client('watcher', [stack.pod(1).url]);
    const leaver = stack.client('leaver', [stack.pod(0).url]);
    await Promise.all([watcher.connect(), leaver.connect()]);
    await Promise.all([watcher.join(room), leaver.join(room)]);
    expect([watcher.pod, leaver.pod], 'each client knows the pod that serves it').toEqual([
      stack.pod(1).pod,
      stack.pod(0).pod,
    ]);
    const users = async () => (await watcher.presence(room)).members.map((m) => m.userId).sort();
    expect(await users()).toEqual(['leaver', 'watcher']);
    await leaver.close();
    await waitUntil('the leaver is gone from presence', async () => (await users()).length === 1, 1_000);
    expect(await users()).toEqual(['watcher']);
  });

  it('exposes the metric names the runbooks query', async () => {
    const text = await (await fetch(`${stack.pod(0).url}/metrics`)).text();
    for (const name of [
      'websocket_connections',
      'ws_connections_total',
      'websocket_messages_total',
      'websocket_errors_total',
      'websocket_latency_seconds',
      'websocket_disconnects_total',
      'websocket_heartbeat_timeouts_total',
      'websocket_redis_up',
      'websocket_database_up',
      'process_resident_memory_bytes',
    ]) {
      expect(text).toMatch(new RegExp(`^# TYPE ${name} (gauge|counter|histogram)$`, 'm'));
    }
  });
});
