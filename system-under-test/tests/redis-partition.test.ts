import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxyProcess } from '../../harness/env/local/fault-proxy-process.js';
import { getFreePort } from '../../harness/env/local/index.js';
import { metric, observe, range, seqs } from './support/observer.js';
import { startInfra, startPods, uniqueRoom, waitUntil, type Infra } from './support/stack.js';

// Redis behind a real Toxiproxy-compatible proxy, partitioned with `timeout: 0` toxics: packets
// are dropped, no FIN, no RST — the connections stay "open" while every command hangs.
describe('Redis partitioned (blackholed), not stopped', () => {
  let infra: Infra;
  let proxy: Awaited<ReturnType<typeof startFaultProxyProcess>>;
  beforeAll(async () => {
    infra = await startInfra();
    proxy = await startFaultProxyProcess({ logDir: infra.logDir });
  });
  afterAll(async () => {
    await proxy?.stop();
    await infra?.down();
  });

  it('the gateway notices within seconds, degrades without disconnecting anyone, and heals the gaps after', async () => {
    const port = await getFreePort();
    const redisProxy = await new Toxiproxy(proxy.apiUrl).createProxy({
      name: 'pods->redis',
      listen: `127.0.0.1:${port}`,
      upstream: `127.0.0.1:${infra.redis.port}`,
    });
    const stack = await startPods(infra, 2, { REDIS_URL: `redis://127.0.0.1:${port}` });
    try {
      const room = uniqueRoom('partition');
      const [a, b] = [stack.pod(0), stack.pod(1)];
      const sender = stack.client('sol', [a.url]);
      const peerA = stack.client('tia', [a.url]);
      const peerB = stack.client('uma', [b.url]);
      const [, seenA, seenB] = [sender, peerA, peerB].map(observe);
      await Promise.all([sender, peerA, peerB].map((c) => c.connect()));
      await Promise.all([sender, peerA, peerB].map((c) => c.join(room)));

      for (const stream of ['upstream', 'downstream'] as const) {
        await redisProxy.addToxic({
          name: `blackhole-${stream}`,
          type: 'timeout',
          stream,
          toxicity: 1,
          attributes: { timeout: 0 },
        });
      }
      await waitUntil(
        'both pods report Redis down while the partition lasts',
        async () =>
          (await Promise.all([a, b].map((p) => metric(p.url, 'websocket_redis_up')))).every((v) => v === 0),
        5_000,
      );
      expect(await metric(a.url, 'websocket_presence_enabled')).toBe(0);
      await Promise.allSettled(Array.from({ length: 5 }, (_, i) => sender.send(room, `partitioned ${i}`)));
      await waitUntil('the same-pod peer got them', () => seqs(seenA!, room).length === 5, 3_000);
      expect(
        [seenA!, seenB!].map((o) => o.disconnects.length),
        'no client disconnected',
      ).toEqual([0, 0]);

      for (const stream of ['upstream', 'downstream'] as const)
        await (await redisProxy.getToxic(`blackhole-${stream}`)).remove();
      await waitUntil(
        'Redis back on both pods',
        async () =>
          (await Promise.all([a, b].map((p) => metric(p.url, 'websocket_redis_up')))).every((v) => v === 1),
        10_000,
      );
      await waitUntil('the other pod healed its gap', () => seqs(seenB!, room).length === 5, 10_000);
      expect(seqs(seenB!, room)).toEqual(range(1, 5));
    } finally {
      await stack.down();
    }
  });
});
