// The provider conformance suite: one set of tests every provider must pass. It boots one topology and
// exercises each fault primitive in turn, observing only what a provider must expose: the Topology
// interface, and HTTP, PostgreSQL and Socket.IO from outside (pod.url, entryUrl, databaseUrl). Each test
// leaves the topology as it found it; the database failover, irreversible, comes last before teardown.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { podName } from '../pod-names.js';
import type {
  PodSpec,
  ExitStatus,
  FaultPrimitive,
  MemoryLimitEvent,
  PodInfo,
  Provider,
  Topology,
  TopologySpec,
} from '../provider.js';
import { connectSocket, isPrimary, withDatabase } from './clients.js';
import { eventually } from './eventually.js';
import {
  affinityCookie,
  backendsSeen,
  metricValue,
  pollingSession,
  probe,
  statusOf,
  websocketUpgradeStatus,
} from './http-probes.js';

export interface ConformanceTarget {
  /** e.g. 'local' */
  name: string;
  provider: Provider;
  /**
   * The system under test's pods, given the suite's settings as the pods' variables (the suite
   * holds providers to the reference gateway's behaviour: its /health/database, its messages).
   */
  pod: (env: Readonly<Record<string, string>>) => PodSpec;
  /** Extra TopologySpec fields over the suite's (logDir is made by the suite unless given here). */
  spec?: Partial<TopologySpec>;
  /**
   * Called right after up() with the topology; returns a function that, called after down(), lists
   * whatever the topology left behind (processes alive, ports still listening, temp dirs, containers or
   * networks carrying the run's label…). Empty list = clean.
   */
  leftovers(topology: Topology): () => Promise<string[]>;
  /** When set, the whole suite is skipped with this message (e.g. 'no Docker engine: …'). */
  skip?: string;
  /** Extra slack for slower providers (containers): multiplies every wait and timeout; default 1. */
  slowness?: number;
}

/** HAProxy-style check interval of the suite's load balancer (fall 2, rise 2). */
export const CONFORMANCE_CHECK_MS = 500;

/** Small, fast timings, as the local provider's own tests use. */
export const CONFORMANCE_GATEWAY_ENV: Readonly<Record<string, string>> = {
  REQUIRE_AUTH: 'false',
  PING_INTERVAL_MS: '1000',
  PING_TIMEOUT_MS: '1000',
  DRAIN_TIMEOUT_MS: '2000',
  TERMINATION_GRACE_MS: '5000',
  DB_CHECK_INTERVAL_MS: '500',
  REDIS_CHECK_INTERVAL_MS: '500',
  LOG_LEVEL: 'warn',
};

const ZONES = ['a', 'b', 'c'];
const POD_NAMES = ZONES.map((_, i) => podName(i));
/** A load balancer notices a pod gone or back: fall/rise 2 checks, one check timeout, slack. */
const LB_NOTICES_MS = 4 * CONFORMANCE_CHECK_MS + 2_000;
/** Latency of the toxic: under the check timeout (one interval) so the slowed pod stays in rotation. */
const LATENCY_MS = 300;
const MiB = 1024 * 1024;
/** Below what any gateway process uses once booted: every start of the pod goes over it. */
const TINY_MEMORY_LIMIT = 10 * MiB;

/**
 * A SIGKILLed pod, as a parent process sees it (local: signal SIGKILL) or as a container runtime reports
 * it (exit code 128 + 9 = 137): both are accepted.
 */
const SIGKILLED: ExitStatus[] = [
  { code: null, signal: 'SIGKILL' },
  { code: 137, signal: null },
];
const GRACEFUL: ExitStatus = { code: 0, signal: null };

const linksOf = (pod: string) => [`client->${pod}`, `${pod}->redis`, `${pod}->postgres`];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function describeConformance(target: ConformanceTarget): void {
  const slowness = target.slowness ?? 1;
  const t = (ms: number) => Math.round(ms * slowness);
  const supports = (needs: FaultPrimitive[]) => needs.filter((p) => !target.provider.supports.has(p));

  const title = `provider conformance: ${target.name}${target.skip ? ` [skipped: ${target.skip}]` : ''}`;
  describe.skipIf(target.skip !== undefined)(title, () => {
    let topology: Topology;
    let leftovers: () => Promise<string[]>;
    let logDir: string;
    let madeLogDir = false;
    let failures = 0;

    /** A test of fault primitives `needs`, skipped (visibly, by name) when the provider lacks one. */
    const primitiveTest = (
      name: string,
      needs: FaultPrimitive[],
      timeoutMs: number,
      run: (ctx: TestContext) => Promise<void>,
    ) => {
      const missing = supports(needs);
      if (missing.length > 0) {
        it.skip(`${name} [skipped: ${target.name} does not support ${missing.join(', ')}]`, () => {});
      } else {
        it(name, (ctx) => run(ctx), t(timeoutMs));
      }
    };

    const pod = (name: string): PodInfo => {
      const found = topology.pods.find((p) => p.name === name);
      if (!found) throw new Error(`no pod ${name} in topology.pods (${topology.pods.map((p) => p.name)})`);
      return found;
    };
    const health = (name: string, timeoutMs = t(5_000)) => statusOf(`${pod(name).url}/health`, { timeoutMs });
    const databaseHealth = (name: string) =>
      statusOf(`${pod(name).url}/health/database`, { timeoutMs: t(4_000) });

    const cookies = new Map<string, string>();
    /** The affinity cookie pinning a client to `name` (learnt once: it survives restarts of the pod). */
    const cookieFor = async (name: string): Promise<string> => {
      const known = cookies.get(name);
      if (known) return known;
      const cookie = await affinityCookie(topology.entryUrl, name);
      cookies.set(name, cookie);
      return cookie;
    };
    /** Which pod serves a client pinned to `name` (200 expected), or the status/error it got. */
    const pinnedBackend = async (name: string): Promise<string | number> => {
      const result = await probe(`${topology.entryUrl}/health`, {
        cookie: await cookieFor(name),
        timeoutMs: t(5_000),
      });
      if (result.kind !== 'answer') return result.kind === 'timeout' ? 'timeout' : `error:${result.code}`;
      return result.status === 200 ? result.backend : result.status;
    };
    const routedBackTo = (name: string) =>
      eventually(
        `the load balancer to route a client pinned to ${name} to ${name} again`,
        t(LB_NOTICES_MS + 4_000),
        () => pinnedBackend(name),
        (backend) => backend === name,
      );
    const routedAwayFrom = (name: string, withinMs = LB_NOTICES_MS) =>
      eventually(
        `the load balancer to serve a client pinned to ${name} from another pod`,
        t(withinMs),
        () => pinnedBackend(name),
        (backend) => typeof backend === 'string' && backend.startsWith('pod-') && backend !== name,
      );
    /** Best effort after a failed test, so the next tests find the pod running. */
    const ensureRunning = async (name: string) => {
      if (!topology.isPodRunning(name)) await topology.startPod(name).catch(() => undefined);
    };

    beforeAll(async () => {
      madeLogDir = target.spec?.logDir === undefined;
      logDir =
        target.spec?.logDir ?? mkdtempSync(path.join(os.tmpdir(), `drill-conformance-${target.name}-`));
      const spec: TopologySpec = {
        pods: 3,
        zones: ZONES,
        services: { redis: true, postgres: true, standby: true },
        databaseZone: 'a',
        timeScale: 0.1,
        pod: target.pod(CONFORMANCE_GATEWAY_ENV),
        loadBalancer: {
          affinity: true,
          tunnelTimeoutMs: 8_000,
          checkIntervalMs: CONFORMANCE_CHECK_MS,
          allowUpgrade: true,
        },
        ...target.spec,
        logDir,
      };
      const started = performance.now();
      topology = await target.provider.up(spec);
      leftovers = target.leftovers(topology);
      console.log(`${target.name}: topology up in ${Math.round(performance.now() - started)} ms`);
    }, t(180_000));

    afterEach((ctx) => {
      if (ctx.task.result?.state === 'fail') failures += 1;
    });

    afterAll(async () => {
      await topology?.down().catch((error: unknown) => console.error(`${target.name}: down() failed`, error));
      if (failures > 0) console.log(`${target.name}: ${failures} test(s) failed; logs kept in ${logDir}`);
      else if (madeLogDir && logDir) rmSync(logDir, { recursive: true, force: true });
    }, t(120_000));

    it(
      'boot: pods over the zones round-robin with their links, /health 200 on each pod.url, socket.io and a polling session through entryUrl, databaseUrl a primary with the pods’ data',
      async () => {
        expect(topology.provider).toBe(target.name);
        expect(topology.pods.map((p) => [p.name, p.zone])).toEqual(POD_NAMES.map((n, i) => [n, ZONES[i]]));
        for (const name of POD_NAMES) expect(topology.links).toEqual(expect.arrayContaining(linksOf(name)));

        // pod.url reaches that very pod, bypassing the load balancer.
        for (const { name, url, zone } of topology.pods) {
          const result = await probe(`${url}/health`, { timeoutMs: t(5_000) });
          expect(result).toMatchObject({ kind: 'answer', status: 200, backend: name });
          if (result.kind === 'answer') expect(JSON.parse(result.body)).toMatchObject({ pod: name, zone });
        }

        // Every pod is in the load balancer's rotation.
        const seen = await backendsSeen(topology.entryUrl, 4 * POD_NAMES.length);
        expect(new Set(seen)).toEqual(new Set(POD_NAMES));
        for (const name of POD_NAMES) await cookieFor(name);

        expect(await pollingSession(topology.entryUrl, t(5_000))).toMatchObject({
          handshake: 200,
          poll: 200,
        });
        const socket = await connectSocket(topology.entryUrl, {
          userId: 'conformance-boot',
          transports: ['websocket'],
          timeoutMs: t(5_000),
        });
        try {
          const ack: unknown = await socket.timeout(t(5_000)).emitWithAck('message:send', {
            room: 'conformance-boot',
            clientMsgId: 'boot-1',
            body: 'hello through the load balancer',
          });
          expect(ack).toMatchObject({ ok: true });
        } finally {
          socket.close();
        }

        // databaseUrl is the primary the pods write to: the message just sent is there.
        const state = await withDatabase(topology.databaseUrl!, t(5_000), async (client) => {
          const { rows } = await client.query<{ recovery: boolean; sent: number }>(
            `SELECT pg_is_in_recovery() AS recovery,
                    (SELECT count(*)::int FROM messages WHERE room = 'conformance-boot') AS sent`,
          );
          return rows[0];
        });
        expect(state).toEqual({ recovery: false, sent: 1 });
      },
      t(60_000),
    );

    primitiveTest(
      'pod.kill: killPod resolves with a SIGKILL status (signal SIGKILL or code 137), the pod is unreachable and routed around; startPod brings it back',
      ['pod.kill', 'pod.start'],
      60_000,
      async () => {
        const victim = 'pod-b';
        expect(await health(victim)).toBe(200);
        try {
          const status = await topology.killPod(victim);
          expect(SIGKILLED).toContainEqual(status);
          expect(topology.isPodRunning(victim)).toBe(false);
          await eventually(
            `${victim} /health to be unreachable`,
            t(3_000),
            () => health(victim, t(2_000)),
            (s) => typeof s === 'string',
          );
          await routedAwayFrom(victim);

          await topology.startPod(victim);
          expect(topology.isPodRunning(victim)).toBe(true);
          expect(await health(victim)).toBe(200);
          await routedBackTo(victim);
        } finally {
          await ensureRunning(victim);
        }
      },
    );

    primitiveTest(
      'pod.terminate: terminatePod resolves with a graceful exit (code 0); startPod brings the pod back',
      ['pod.terminate', 'pod.start'],
      60_000,
      async () => {
        const victim = 'pod-c';
        expect(await health(victim)).toBe(200);
        try {
          expect(await topology.terminatePod(victim)).toEqual(GRACEFUL);
          expect(topology.isPodRunning(victim)).toBe(false);
          expect(typeof (await health(victim, t(2_000)))).toBe('string');
          await topology.startPod(victim);
          expect(topology.isPodRunning(victim)).toBe(true);
          expect(await health(victim)).toBe(200);
          await routedBackTo(victim);
        } finally {
          await ensureRunning(victim);
        }
      },
    );

    primitiveTest(
      'pod.pause: a paused pod still runs but gives no answer (/health times out); resumePod answers 200 again',
      ['pod.pause'],
      60_000,
      async () => {
        const victim = 'pod-c';
        expect(await health(victim)).toBe(200);
        await topology.pausePod(victim);
        let paused = true;
        try {
          expect(topology.isPodRunning(victim)).toBe(true);
          // No answer at all: neither a status nor a refused connection.
          expect(await health(victim, t(1_500))).toBe('timeout');
          await topology.resumePod(victim);
          paused = false;
          expect(topology.isPodRunning(victim)).toBe(true);
          await eventually(
            `${victim} /health to answer 200 after resumePod`,
            t(5_000),
            () => health(victim, t(2_000)),
            (s) => s === 200,
          );
          await routedBackTo(victim);
        } finally {
          if (paused) await topology.resumePod(victim).catch(() => undefined);
        }
      },
    );

    primitiveTest(
      'link.cut: cutting pod-a->postgres makes pod-a’s /health/database 503 (other pods stay 200); restoring it makes it 200',
      ['link.cut'],
      60_000,
      async () => {
        const link = 'pod-a->postgres';
        expect(topology.links).toContain(link);
        expect(await databaseHealth('pod-a')).toBe(200);
        await topology.setLinkEnabled(link, false);
        try {
          await eventually(
            'pod-a /health/database to answer 503',
            t(6_000),
            () => databaseHealth('pod-a'),
            (s) => s === 503,
          );
          expect(await databaseHealth('pod-b')).toBe(200);
        } finally {
          await topology.setLinkEnabled(link, true);
        }
        await eventually(
          'pod-a /health/database to answer 200 again',
          t(10_000),
          () => databaseHealth('pod-a'),
          (s) => s === 200,
        );
      },
    );

    primitiveTest(
      'link.cut: cutting client->pod-a takes pod-a out of the load balancer (the pod itself stays healthy); restoring it puts it back',
      ['link.cut'],
      60_000,
      async () => {
        const link = 'client->pod-a';
        expect(await pinnedBackend('pod-a')).toBe('pod-a');
        await topology.setLinkEnabled(link, false);
        try {
          // pod.url bypasses the client->pod link.
          expect(await health('pod-a')).toBe(200);
          await routedAwayFrom('pod-a');
          const seen = await backendsSeen(topology.entryUrl, 3 * POD_NAMES.length);
          expect(seen.filter((b) => b !== 'pod-b' && b !== 'pod-c')).toEqual([]);
        } finally {
          await topology.setLinkEnabled(link, true);
        }
        await routedBackTo('pod-a');
      },
    );

    primitiveTest(
      `link.toxic: a ${LATENCY_MS} ms latency toxic on client->pod-b slows requests pinned to pod-b by at least that; removeToxic restores`,
      ['link.toxic'],
      60_000,
      async () => {
        const link = 'client->pod-b';
        const timedPinned = async (count: number): Promise<number[]> => {
          const cookie = await cookieFor('pod-b');
          const times: number[] = [];
          for (let i = 0; i < count; i++) {
            const result = await probe(`${topology.entryUrl}/health`, { cookie, timeoutMs: t(5_000) });
            expect(result).toMatchObject({ kind: 'answer', status: 200, backend: 'pod-b' });
            times.push(result.elapsedMs);
          }
          return times;
        };
        const baseline = await timedPinned(5);
        await topology.addToxic(link, 'conformance-latency', {
          type: 'latency',
          attributes: { latency: LATENCY_MS, jitter: 0 },
        });
        let added = true;
        try {
          const slowed = await timedPinned(5);
          for (const ms of slowed) expect(ms).toBeGreaterThanOrEqual(LATENCY_MS * 0.95);
          expect(median(slowed) - median(baseline)).toBeGreaterThanOrEqual(LATENCY_MS * 0.8);
          await topology.removeToxic(link, 'conformance-latency');
          added = false;
          await eventually(
            'requests pinned to pod-b to be fast again',
            t(5_000),
            async () => median(await timedPinned(3)),
            (ms) => ms < median(baseline) + LATENCY_MS / 2,
          );
        } finally {
          if (added) await topology.removeToxic(link, 'conformance-latency').catch(() => undefined);
        }
      },
    );

    primitiveTest(
      'redis.stop: stopRedis makes every pod report websocket_redis_up 0 on /metrics; startRedis brings it back to 1',
      ['redis.stop'],
      60_000,
      async () => {
        const redisUp = () => Promise.all(topology.pods.map((p) => metricValue(p.url, 'websocket_redis_up')));
        expect(await redisUp()).toEqual(topology.pods.map(() => 1));
        await topology.stopRedis();
        try {
          await eventually('every pod to report websocket_redis_up 0', t(8_000), redisUp, (values) =>
            values.every((v) => v === 0),
          );
        } finally {
          await topology.startRedis();
        }
        await eventually('every pod to report websocket_redis_up 1 again', t(15_000), redisUp, (values) =>
          values.every((v) => v === 1),
        );
      },
    );

    primitiveTest(
      'loadbalancer.reconfigure: allowUpgrade false refuses websocket upgrades through entryUrl (400) while long-polling works; true allows them again',
      ['loadbalancer.reconfigure'],
      60_000,
      async () => {
        expect(await websocketUpgradeStatus(topology.entryUrl, t(5_000))).toBe(101);
        await topology.reconfigureLoadBalancer({ allowUpgrade: false });
        let refused = true;
        try {
          expect(await websocketUpgradeStatus(topology.entryUrl, t(5_000))).toBe(400);
          await expect(
            connectSocket(topology.entryUrl, {
              userId: 'conformance-refused',
              transports: ['websocket'],
              timeoutMs: t(5_000),
            }),
          ).rejects.toThrow();
          expect(await pollingSession(topology.entryUrl, t(5_000))).toMatchObject({
            handshake: 200,
            poll: 200,
          });
          await topology.reconfigureLoadBalancer({ allowUpgrade: true });
          refused = false;
          expect(await websocketUpgradeStatus(topology.entryUrl, t(5_000))).toBe(101);
          const socket = await connectSocket(topology.entryUrl, {
            userId: 'conformance-allowed',
            transports: ['websocket'],
            timeoutMs: t(5_000),
          });
          expect(socket.connected).toBe(true);
          socket.close();
          // A reload keeps every pod in rotation and the affinity cookies valid.
          for (const name of POD_NAMES) expect(await pinnedBackend(name)).toBe(name);
        } finally {
          if (refused) await topology.reconfigureLoadBalancer({ allowUpgrade: true }).catch(() => undefined);
        }
      },
    );

    primitiveTest(
      `pod.memory-limit: a ${TINY_MEMORY_LIMIT / MiB} MiB limit OOM-kills pod-b, restarts it (restarted), kills it again and gives up (maxRestarts 1); lifted, the pod starts`,
      ['pod.memory-limit', 'pod.start'],
      90_000,
      async (ctx) => {
        const setLimit = topology.setPodMemoryLimit?.bind(topology);
        if (!setLimit) ctx.skip(`${target.name}'s topology has no setPodMemoryLimit`);
        const victim = 'pod-b';
        const rss = topology.podMemoryBytes?.(victim);
        if (rss !== undefined) expect(rss).toBeGreaterThan(TINY_MEMORY_LIMIT);
        const events: MemoryLimitEvent[] = [];
        await setLimit!(victim, {
          bytes: TINY_MEMORY_LIMIT,
          restartBackoffMs: 300,
          maxRestarts: 1,
          onEvent: (event) => events.push(event),
        });
        try {
          await eventually(
            `${victim} to be OOM-killed, restarted, killed again and given up on`,
            t(60_000),
            () => events.map((e) => e.type),
            (types) => types.includes('gave-up'),
            200,
          );
          expect(events.map((e) => e.type)).toEqual([
            'oom-killed',
            'restarting',
            'restarted',
            'oom-killed',
            'gave-up',
          ]);
          const [killed, , restarted] = events;
          expect(killed).toMatchObject({ type: 'oom-killed', pod: victim, limitBytes: TINY_MEMORY_LIMIT });
          if (killed?.type === 'oom-killed') expect(SIGKILLED).toContainEqual(killed.exit);
          expect(restarted).toMatchObject({ type: 'restarted', pod: victim, restart: 1 });
          expect(topology.isPodRunning(victim)).toBe(false);
          expect(typeof (await health(victim, t(2_000)))).toBe('string');
        } finally {
          await setLimit!(victim, null);
        }
        await topology.startPod(victim);
        expect(await health(victim)).toBe(200);
        await routedBackTo(victim);
      },
    );

    it(
      'pod.add/remove: addPod starts a healthy pod-d (next zone) with its links, in rotation; removePod exits it gracefully and takes it out',
      async (ctx) => {
        if (!topology.addPod || !topology.removePod)
          ctx.skip(`${target.name}'s topology has no addPod/removePod`);
        const added = await topology.addPod!();
        try {
          expect(added).toMatchObject({ name: 'pod-d', zone: ZONES[POD_NAMES.length % ZONES.length] });
          expect(topology.pods.map((p) => p.name)).toEqual([...POD_NAMES, 'pod-d']);
          expect(topology.links).toEqual(expect.arrayContaining(linksOf('pod-d')));
          expect(await probe(`${added.url}/health`, { timeoutMs: t(5_000) })).toMatchObject({
            status: 200,
            backend: 'pod-d',
          });
          // addPod resolves once the load balancer routes to it.
          expect(await backendsSeen(topology.entryUrl, 3 * (POD_NAMES.length + 1))).toContain('pod-d');

          expect(await topology.removePod!('pod-d')).toEqual(GRACEFUL);
          expect(topology.pods.map((p) => p.name)).toEqual(POD_NAMES);
          expect(topology.links.filter((l) => l.includes('pod-d'))).toEqual([]);
          expect(typeof (await statusOf(`${added.url}/health`, { timeoutMs: t(2_000) }))).toBe('string');
          const seen = await backendsSeen(topology.entryUrl, 3 * POD_NAMES.length);
          expect(seen.filter((b) => !POD_NAMES.includes(String(b)))).toEqual([]);
        } finally {
          if (topology.pods.some((p) => p.name === 'pod-d'))
            await topology.removePod!('pod-d').catch(() => undefined);
        }
      },
      t(90_000),
    );

    it(
      'pod.isolate (isolatePod/rejoinPod): an isolated pod keeps running but is unreachable and routed around; rejoined, it answers and is routed to again',
      async (ctx) => {
        if (!topology.isolatePod || !topology.rejoinPod)
          ctx.skip(`${target.name}'s topology has no isolatePod/rejoinPod`);
        const victim = 'pod-c';
        expect(await pinnedBackend(victim)).toBe(victim);
        await topology.isolatePod!(victim);
        let isolated = true;
        try {
          expect(topology.isPodRunning(victim)).toBe(true);
          expect(typeof (await health(victim, t(2_000)))).toBe('string');
          // Packets to an isolated host may vanish (no refusal): each attempt can last a connect timeout.
          await routedAwayFrom(victim, LB_NOTICES_MS + 10_000);
          await topology.rejoinPod!(victim);
          isolated = false;
          await eventually(
            `${victim} /health to answer 200 after rejoinPod`,
            t(10_000),
            () => health(victim, t(2_000)),
            (s) => s === 200,
          );
          await routedBackTo(victim);
        } finally {
          if (isolated) await topology.rejoinPod!(victim).catch(() => undefined);
        }
      },
      t(60_000),
    );

    primitiveTest(
      'database.failover: databaseUrl then reaches the promoted standby (a primary, with what was committed before), a write commits, every pod’s /health/database is 200 again',
      ['database.failover'],
      90_000,
      async () => {
        const before = topology.databaseUrl!;
        const q = t(5_000);
        await withDatabase(before, q, async (client) => {
          await client.query('CREATE TABLE IF NOT EXISTS drill_conformance (id text PRIMARY KEY)');
          await client.query(`INSERT INTO drill_conformance VALUES ('before-failover')`);
        });

        await topology.failoverDatabase();

        const after = topology.databaseUrl!;
        const promoted = await eventually(
          'databaseUrl to reach a primary after the failover',
          t(20_000),
          () =>
            withDatabase(after, q, async (client) => {
              // replay LSN: NULL on a server started without recovery, set on a promoted standby.
              const { rows } = await client.query<{ recovery: boolean; promoted: boolean }>(
                'SELECT pg_is_in_recovery() AS recovery, pg_last_wal_replay_lsn() IS NOT NULL AS promoted',
              );
              return rows[0];
            }),
          (row) => row?.recovery === false,
          250,
        );
        expect(promoted).toEqual({ recovery: false, promoted: true });
        const ids = await withDatabase(after, q, async (client) => {
          await client.query(`INSERT INTO drill_conformance VALUES ('after-failover')`);
          const { rows } = await client.query<{ id: string }>('SELECT id FROM drill_conformance ORDER BY id');
          await client.query('DROP TABLE drill_conformance');
          return rows.map((r) => r.id);
        });
        expect(ids).toEqual(['after-failover', 'before-failover']);
        // The old primary is dead, not a second writable server.
        if (after !== before) await expect(isPrimary(before, t(2_000))).rejects.toThrow();

        await eventually(
          "every pod's /health/database to answer 200 after the failover",
          t(20_000),
          () => Promise.all(topology.pods.map((p) => databaseHealth(p.name))),
          (statuses) => statuses.every((s) => s === 200),
          250,
        );
      },
    );

    it(
      'teardown: down() resolves, a second down() resolves too, and nothing is left behind',
      async () => {
        await topology.down();
        await topology.down();
        const left = await eventually(
          'nothing of the topology to be left',
          t(10_000),
          () => leftovers(),
          (found) => found.length === 0,
          250,
        ).catch(() => leftovers());
        expect(left).toEqual([]);
      },
      t(120_000),
    );
  });
}
