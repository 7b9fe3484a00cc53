import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { uniqueRoom, waitUntil, type Stack } from '../support/stack.js';
import { metric, observe, range, seqs } from '../support/observer.js';

const HEARTBEATS = 2_500; // more than two ping interval + timeout cycles at FAST_TIMINGS

/**
 * Redis stopped under two pods: no client is disconnected, delivery on the same pod goes on,
 * and the cross-pod messages missed meanwhile are healed from PostgreSQL once Redis is back.
 */
export async function redisOutage(stack: Stack) {
  const room = uniqueRoom('redis');
  const [a, b] = [stack.pod(0), stack.pod(1)];
  const senderA = stack.client('heidi', [a.url], { sendTimeoutMs: 3_000 });
  const peerA = stack.client('ivan', [a.url]);
  const peerB = stack.client('judy', [b.url]);
  const clients = [senderA, peerA, peerB];
  const seen = clients.map(observe);
  await Promise.all(clients.map((c) => c.connect()));
  await Promise.all(clients.map((c) => c.join(room)));

  await stack.infra.redis.stop();
  await waitUntil('both pods noticed Redis is gone', async () =>
    (await Promise.all([a, b].map((p) => metric(p.url, 'websocket_redis_up')))).every((v) => v === 0),
  ).catch(() => undefined);
  await Promise.allSettled(Array.from({ length: 5 }, (_, i) => senderA.send(room, `degraded ${i}`)));
  await waitUntil(
    'same-pod peer got the degraded-mode messages',
    () => seqs(seen[1]!, room).length >= 5,
    3_000,
  ).catch(() => undefined);
  const samePodDuringOutage = [...seqs(seen[1]!, room)];
  await sleep(HEARTBEATS);
  const disconnectsDuringOutage = seen.map((o) => o.disconnects.length);
  const podsAlive = await Promise.all(
    [a, b].map((p) => Promise.race([p.exited.then(() => false), sleep(50).then(() => true)])),
  );

  await stack.infra.redis.start();
  await waitUntil('the other pod healed its gap', () => seqs(seen[2]!, room).length >= 5, 10_000).catch(
    () => undefined,
  );
  return {
    expected: range(1, 5),
    samePodDuringOutage,
    disconnectsDuringOutage,
    podsAlive,
    finalDelivered: seen.map((o) => seqs(o, room)),
  };
}

export function assertRedisOutageDegradesGracefully(o: Awaited<ReturnType<typeof redisOutage>>) {
  expect(o.podsAlive, 'no pod crashes when Redis goes away').toEqual([true, true]);
  expect(o.disconnectsDuringOutage, 'no client is disconnected by a Redis outage').toEqual([0, 0, 0]);
  expect(o.samePodDuringOutage, 'same-pod delivery continues').toEqual(o.expected);
  for (const d of o.finalDelivered)
    expect(d, 'cross-pod gaps are healed after Redis returns').toEqual(o.expected);
}
