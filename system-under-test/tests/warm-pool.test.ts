import { setTimeout as sleep } from 'node:timers/promises';
import { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxyProcess } from '../../harness/env/local/fault-proxy-process.js';
import type { GatewayProcess } from '../../harness/env/local/gateway-process.js';
import { startGateway as startGatewayProcess } from './support/start-gateway.js';
import type { SendReply } from '../protocol.js';
import { rawSocket } from './support/observer.js';
import { FAST_TIMINGS, startInfra, token, uniqueRoom, waitUntil, type Infra } from './support/stack.js';

/** Added on each direction of the pod -> PostgreSQL link in the latency test: one round trip is 2x this. */
const ONE_WAY_MS = 150;
const ROUND_TRIP_MS = 2 * ONE_WAY_MS;
/** A send that had to open its connection first waits at least two round trips. */
const TWO_ROUND_TRIPS_MS = 2 * ROUND_TRIP_MS;

// The realtime runbook's Performance Degradation ("Slow updates (>1 second latency)"): with the
// database 200 ms away, a connection opened on demand costs a round trip (startup, trust auth)
// before the send's query. The gateway keeps DB_POOL_MIN connections open so a send costs one.
describe('warm database pool (realtime runbook performance degradation: one round trip per send)', () => {
  let infra: Infra;
  let faultProxy: Awaited<ReturnType<typeof startFaultProxyProcess>>;
  const pods: GatewayProcess[] = [];
  let podCounter = 0;

  beforeAll(async () => {
    infra = await startInfra();
    faultProxy = await startFaultProxyProcess({ logDir: infra.logDir });
  });
  afterAll(async () => {
    await Promise.allSettled(pods.map((p) => p.kill()));
    await faultProxy?.stop();
    await infra?.down();
  });

  const startPod = async (env: Record<string, string>, databaseUrl = infra.databaseUrl) => {
    const pod = await startGatewayProcess({
      pod: `warm-${process.pid}-${++podCounter}`,
      databaseUrl,
      env: { ...FAST_TIMINGS, ...env, LOG_LEVEL: 'warn' },
      logDir: infra.logDir,
    });
    pods.push(pod);
    return pod;
  };
  const stopPod = async (pod: GatewayProcess) => {
    await pod.kill();
    await waitUntil('its connections are gone', async () => (await gatewayConnections()) === 0, 5_000);
  };

  /** Connections the gateway's send pool holds on the server (its health ping has another name). */
  const gatewayConnections = async () => {
    const { rows } = await infra.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'drill-gateway'",
    );
    return rows[0]?.n ?? 0;
  };

  const sendAll = async (url: string, rooms: string[]) => {
    const socket = await rawSocket(url, { token: token('wes') });
    try {
      return await Promise.all(
        rooms.map(async (room) => {
          const started = performance.now();
          const reply = (await socket
            .timeout(10_000)
            .emitWithAck('message:send', { room, clientMsgId: `${room}-1`, body: 'hi' })) as SendReply;
          return { reply, ms: performance.now() - started };
        }),
      );
    } finally {
      socket.close();
    }
  };

  it('opens DB_POOL_MIN connections at start, keeps them through idle time, and reopens lost ones', async () => {
    const pod = await startPod({ DB_POOL_MIN: '3', DB_POOL_MAX: '6', DB_POOL_IDLE_TIMEOUT_MS: '200' });
    try {
      await waitUntil('the pool is warm', async () => (await gatewayConnections()) === 3, 5_000);
      await sleep(1_000); // five idle timeouts
      expect(await gatewayConnections(), 'idle connections at the minimum stay open').toBe(3);

      // A burst above the minimum: six sends held on a room's row lock, each on a connection of its own.
      const room = uniqueRoom('burst');
      await sendAll(pod.url, [room]); // creates the room's row
      const locker = await infra.db.connect();
      let burst: Promise<unknown> | undefined;
      try {
        await locker.query('BEGIN');
        await locker.query('SELECT 1 FROM rooms WHERE room = $1 FOR UPDATE', [room]);
        const socket = await rawSocket(pod.url, { token: token('wes') });
        burst = Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            socket.timeout(10_000).emitWithAck('message:send', { room, clientMsgId: `b${i}`, body: 'b' }),
          ),
        ).finally(() => socket.close());
        await waitUntil('the burst holds every connection', async () => (await gatewayConnections()) === 6);
      } finally {
        await locker.query('ROLLBACK').catch(() => undefined);
        locker.release();
      }
      const replies = (await burst) as SendReply[];
      expect(replies.map((r) => r.ok)).toEqual(Array(6).fill(true));
      await waitUntil('the extra connections close after their idle timeout', async () => {
        return (await gatewayConnections()) === 3;
      });
      await sleep(1_000);
      expect(await gatewayConnections(), 'back to the minimum, not below it').toBe(3);

      // Connections lost (a failover, a database restart): the pool is topped up again by itself.
      await infra.db.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'drill-gateway'",
      );
      await waitUntil(
        'the lost connections are reopened',
        async () => (await gatewayConnections()) === 3,
        5_000,
      );
      const [after] = await sendAll(pod.url, [uniqueRoom('after')]);
      expect(after?.reply.ok).toBe(true);
    } finally {
      await stopPod(pod);
    }
  });

  it(`with ${ONE_WAY_MS} ms each way to the database, concurrent sends cost one round trip each (and two without the warm pool)`, async () => {
    const link = await new Toxiproxy(faultProxy.apiUrl).createProxy({
      name: 'pod->postgres',
      listen: '127.0.0.1:0',
      upstream: `${infra.pg.host}:${infra.pg.port}`,
    });
    const port = Number(link.listen.slice(link.listen.lastIndexOf(':') + 1));
    const url = new URL(infra.databaseUrl);
    url.port = String(port);
    const concurrent = 4;
    try {
      for (const stream of ['upstream', 'downstream'] as const) {
        await link.addToxic({
          name: `latency-${stream}`,
          type: 'latency',
          stream,
          toxicity: 1,
          attributes: { latency: ONE_WAY_MS, jitter: 0 },
        });
      }
      const measure = async (env: Record<string, string>) => {
        const pod = await startPod(env, url.toString());
        try {
          // What start-up opened (the migrations' connection, the warm pool) is idle by now.
          await sleep(2_000);
          const rooms = Array.from({ length: concurrent }, () => uniqueRoom('slow-db'));
          const sends = await sendAll(pod.url, rooms);
          expect(sends.map((s) => s.reply.ok)).toEqual(Array(concurrent).fill(true));
          return sends.map((s) => Math.round(s.ms));
        } finally {
          await stopPod(pod);
        }
      };

      const warm = await measure({ DB_POOL_MIN: String(concurrent) });
      for (const ms of warm) {
        expect(ms, `warm: ${warm.join(', ')} ms`).toBeGreaterThanOrEqual(ROUND_TRIP_MS);
        expect(ms, `warm: ${warm.join(', ')} ms`).toBeLessThan(TWO_ROUND_TRIPS_MS - 40);
      }
      // The control: with no minimum the pool holds only the migrations' connection, so all sends
      // but one open theirs first. Shows the measurement tells one round trip from two.
      const cold = await measure({ DB_POOL_MIN: '0' });
      const slow = cold.filter((ms) => ms >= TWO_ROUND_TRIPS_MS);
      expect(slow.length, `cold: ${cold.join(', ')} ms`).toBeGreaterThanOrEqual(concurrent - 1);
    } finally {
      await link.remove();
    }
  });
});
