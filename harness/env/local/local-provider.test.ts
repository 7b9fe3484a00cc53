import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localProvider, type LocalTopology } from './local-provider.js';
import { isAlive } from './proc-table.mjs';
import {
  expectAllGone,
  launchFixture,
  reapFailedFixture,
  type Inventory,
  type LaunchedFixture,
} from './test-support/harness-fixture.js';
import { pollUntil, sleep } from './wait.js';
import { portRefuses, processTree } from './test-support/probes.js';
import { referencePod, referenceServices } from '../../targets/reference.js';

const CHECK_MS = 500;
const GATEWAY_ENV = {
  REQUIRE_AUTH: 'false',
  PING_INTERVAL_MS: '1000',
  PING_TIMEOUT_MS: '1000',
  DRAIN_TIMEOUT_MS: '2000',
  TERMINATION_GRACE_MS: '5000',
  DB_CHECK_INTERVAL_MS: '500',
  LOG_LEVEL: 'warn',
};
/** fall 2 × inter, plus one check timeout and some slack for a loaded 2-core machine */
const DETECT_MS = 2 * CHECK_MS + CHECK_MS + 1_000;

async function get(
  url: string,
  cookie?: string,
): Promise<{ status: number; backend: string; cookie: string }> {
  const res = await fetch(url, {
    headers: cookie ? { cookie } : {},
    signal: AbortSignal.timeout(5_000),
  });
  await res.arrayBuffer();
  return {
    status: res.status,
    backend: res.headers.get('x-backend') ?? '',
    cookie: res.headers.get('set-cookie')?.split(';')[0] ?? '',
  };
}

/** Requests through the load balancer every 25 ms while `during` runs; resolves with every status. */
async function trafficDuring(url: string, during: () => Promise<void>): Promise<number[]> {
  const statuses: number[] = [];
  let done = false;
  const loop = (async () => {
    while (!done) {
      statuses.push(
        await get(url).then(
          (r) => r.status,
          () => 0,
        ),
      );
      await sleep(25);
    }
  })();
  try {
    await during();
  } finally {
    done = true;
    await loop;
  }
  return statuses;
}

function connect(url: string, userId: string): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    auth: { userId },
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

describe('localProvider: the default topology (3 pods, synchronous standby, Redis, fault proxy, HAProxy)', () => {
  let topology: LocalTopology;
  let logDir: string;

  beforeAll(async () => {
    logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-provider-test-'));
    topology = await localProvider.up({
      pods: 3,
      zones: ['a', 'b', 'c'],
      services: referenceServices(),
      databaseZone: 'a',
      timeScale: 0.1,
      logDir,
      pod: referencePod(GATEWAY_ENV),
      loadBalancer: { affinity: true, tunnelTimeoutMs: 8_000, checkIntervalMs: CHECK_MS, allowUpgrade: true },
    });
    console.log(`local topology up in ${topology.timings.total} ms: ${JSON.stringify(topology.timings)}`);
  });

  afterAll(async () => {
    await topology?.down();
    await topology?.down();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('(a) answers /health through HAProxy; the affinity cookie sticks, no cookie spreads', async () => {
    expect(topology.pods.map((p) => [p.name, p.zone])).toEqual([
      ['pod-a', 'a'],
      ['pod-b', 'b'],
      ['pod-c', 'c'],
    ]);
    expect(topology.links).toContain('client->pod-b');
    expect(topology.links).toContain('pod-c->postgres');
    expect(await topology.serverStates()).toEqual({ 'pod-a': 'UP', 'pod-b': 'UP', 'pod-c': 'UP' });

    const first = await get(`${topology.entryUrl}/health`);
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/^SERVERID=pod-[abc]\|/);
    for (let i = 0; i < 6; i++) {
      const again = await get(`${topology.entryUrl}/health`, first.cookie);
      expect(again).toMatchObject({ status: 200, backend: first.backend });
    }
    const spread = new Set<string>();
    for (let i = 0; i < 6; i++) spread.add((await get(`${topology.entryUrl}/health`)).backend);
    expect(spread).toEqual(new Set(['pod-a', 'pod-b', 'pod-c']));
  });

  it('(b) killPod: HAProxy marks it DOWN within ~2 × inter, requests keep succeeding; startPod brings it back', async () => {
    const cookie = 'SERVERID=pod-b';
    let downAfter = 0;
    const statuses = await trafficDuring(`${topology.entryUrl}/health`, async () => {
      const killedAt = performance.now();
      expect(await topology.killPod('pod-b')).toEqual({ code: null, signal: 'SIGKILL' });
      expect(topology.isPodRunning('pod-b')).toBe(false);
      await topology.loadBalancer.waitForStates({ 'pod-b': 'DOWN' }, DETECT_MS);
      downAfter = performance.now() - killedAt;
    });
    expect(downAfter).toBeLessThan(DETECT_MS);
    expect(statuses.length).toBeGreaterThan(5);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // A client stuck to the dead pod is redispatched.
    expect((await get(`${topology.entryUrl}/health`, cookie)).status).toBe(200);

    await topology.startPod('pod-b');
    expect(topology.isPodRunning('pod-b')).toBe(true);
    expect((await get(`${topology.pods[1]!.url}/health`)).status).toBe(200);
    await topology.loadBalancer.waitForStates({ 'pod-b': 'UP' }, DETECT_MS);
    expect((await get(`${topology.entryUrl}/health`, cookie)).backend).toBe('pod-b');
  });

  it('(c) cutting client->pod-a makes pod-a DOWN for HAProxy; restoring it brings it back', async () => {
    const statuses = await trafficDuring(`${topology.entryUrl}/health`, async () => {
      await topology.setLinkEnabled('client->pod-a', false);
      await topology.loadBalancer.waitForStates({ 'pod-a': 'DOWN' }, DETECT_MS);
    });
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(topology.isPodRunning('pod-a')).toBe(true);
    // The pod itself is fine: only its link is cut.
    expect((await get(`${topology.pods[0]!.url}/health`)).status).toBe(200);
    await topology.setLinkEnabled('client->pod-a', true);
    await topology.loadBalancer.waitForStates({ 'pod-a': 'UP' }, DETECT_MS);
  });

  it('pausePod hangs a pod (DOWN by check timeout); resumePod brings it back; links take toxics', async () => {
    await topology.pausePod('pod-c');
    expect(topology.isPodRunning('pod-c')).toBe(true);
    await topology.loadBalancer.waitForStates({ 'pod-c': 'DOWN' }, DETECT_MS + CHECK_MS);
    await topology.resumePod('pod-c');
    await topology.loadBalancer.waitForStates({ 'pod-c': 'UP' }, DETECT_MS);

    await topology.addToxic('client->pod-c', 'slow', {
      type: 'latency',
      attributes: { latency: 300, jitter: 0 },
    });
    const started = performance.now();
    expect((await get(`${topology.entryUrl}/health`, 'SERVERID=pod-c')).backend).toBe('pod-c');
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    await topology.removeToxic('client->pod-c', 'slow');
    await expect(topology.removeToxic('client->pod-c', 'slow')).rejects.toThrow(/fault proxy.*client->pod-c/);
    await expect(topology.setLinkEnabled('client->pod-z', false)).rejects.toThrow(
      /no link named client->pod-z/,
    );
  });

  it('(d) stopRedis/startRedis leave every pod healthy and in rotation', async () => {
    const redisOf = async (url: string) =>
      ((await (await fetch(`${url}/health`)).json()) as { redis?: string }).redis;
    await topology.stopRedis();
    await pollUntil(
      async () => ((await redisOf(topology.pods[0]!.url)) === 'disconnected' ? true : undefined),
      {
        timeoutMs: 5_000,
        what: 'pod-a to notice Redis is gone',
      },
    );
    await sleep(2 * CHECK_MS);
    for (const pod of topology.pods) expect((await get(`${pod.url}/health`)).status).toBe(200);
    expect(await topology.serverStates()).toEqual({ 'pod-a': 'UP', 'pod-b': 'UP', 'pod-c': 'UP' });
    await topology.startRedis();
    await pollUntil(async () => ((await redisOf(topology.pods[0]!.url)) === 'connected' ? true : undefined), {
      timeoutMs: 10_000,
      what: 'pod-a to reconnect to Redis',
    });
    expect(await topology.serverStates()).toEqual({ 'pod-a': 'UP', 'pod-b': 'UP', 'pod-c': 'UP' });
  });

  it('reconfigureLoadBalancer: upgrades refused, then allowed again, without a restart', async () => {
    const pid = topology.inventory().pids.haproxy;
    await topology.reconfigureLoadBalancer({ allowUpgrade: false });
    expect(topology.loadBalancer.settings.allowUpgrade).toBe(false);
    await expect(connect(topology.entryUrl, 'u-refused')).rejects.toThrow();
    expect((await get(`${topology.entryUrl}/health`)).status).toBe(200);
    await topology.reconfigureLoadBalancer({ allowUpgrade: true });
    (await connect(topology.entryUrl, 'u-allowed')).close();
    expect(topology.inventory().pids.haproxy).toBe(pid);
    expect(await topology.serverStates()).toEqual({ 'pod-a': 'UP', 'pod-b': 'UP', 'pod-c': 'UP' });
  });

  it('(e) failoverDatabase: the standby takes over, health recovers, a send is acked and lands on it', async () => {
    const before = topology.databaseUrl;
    await topology.failoverDatabase();
    expect(topology.databaseUrl).not.toBe(before);
    const recovered = performance.now();
    await pollUntil(
      async () => ((await get(`${topology.pods[0]!.url}/health/database`)).status === 200 ? true : undefined),
      { timeoutMs: 5_000, intervalMs: 100, what: 'pod-a /health/database to answer 200' },
    );
    console.log(
      `pod-a /health/database 200 again ${Math.round(performance.now() - recovered)} ms after the failover`,
    );
    await topology.loadBalancer.waitForStates({ 'pod-a': 'UP', 'pod-b': 'UP', 'pod-c': 'UP' }, 10_000);

    const socket = await connect(topology.entryUrl, 'user-failover');
    try {
      const ack = (await socket.timeout(5_000).emitWithAck('message:send', {
        room: 'failover-room',
        clientMsgId: 'after-failover-1',
        body: 'hello from the promoted standby',
      })) as { ok: boolean; seq?: number };
      expect(ack).toMatchObject({ ok: true, seq: 1 });
    } finally {
      socket.close();
    }
    const client = new pg.Client({ connectionString: topology.databaseUrl!, ssl: false });
    await client.connect();
    try {
      const { rows } = await client.query<{ seq: string; recovery: boolean }>(
        `SELECT seq, pg_is_in_recovery() AS recovery FROM messages WHERE room = $1 AND client_msg_id = $2`,
        ['failover-room', 'after-failover-1'],
      );
      expect(rows).toEqual([{ seq: '1', recovery: false }]);
    } finally {
      await client.end();
    }
    await expect(topology.failoverDatabase()).rejects.toThrow(/failed over already/);
  });

  it('addPod joins a new pod (next zone) to HAProxy without a reload; removePod drains it and takes it out', async () => {
    const generation = topology.loadBalancer.config;
    const added = await topology.addPod!({ env: { GATEWAY_VERSION: 'v2' } });
    expect(added).toMatchObject({ name: 'pod-d', zone: 'a' });
    expect(topology.pods.map((p) => p.name)).toContain('pod-d');
    expect(topology.links).toContain('client->pod-d');
    expect(await topology.serverStates()).toMatchObject({ 'pod-d': 'UP' });
    expect(topology.loadBalancer.config).toBe(generation);
    const backends = new Set<string>();
    for (let i = 0; i < 8; i++) backends.add((await get(`${topology.entryUrl}/health`)).backend);
    expect(backends).toContain('pod-d');

    const socket = await connect(added.url, 'drained-user');
    const notice = new Promise((resolve) => socket.once('server_shutdown', resolve));
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    const removal = topology.removePod!('pod-d');
    expect(await notice).toMatchObject({ pod: 'pod-d' });
    socket.close();
    await closed;
    expect(await removal).toEqual({ code: 0, signal: null });
    expect(topology.pods.map((p) => p.name)).not.toContain('pod-d');
    expect(topology.links.some((l) => l.includes('pod-d'))).toBe(false);
    expect(Object.keys(await topology.serverStates())).not.toContain('pod-d');
    expect((await get(`${topology.entryUrl}/health`)).status).toBe(200);
  });

  it('addPod rejects a pod that is not ready by its deadline and leaves no trace of it', async () => {
    const before = { pods: topology.pods.length, links: topology.links.length };
    await expect(
      topology.addPod!({
        name: 'pod-bad',
        env: { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/chat' },
        readyTimeoutMs: 2_000,
      }),
    ).rejects.toThrow(/pod-bad was not ready before its rollout deadline/);
    expect({ pods: topology.pods.length, links: topology.links.length }).toEqual(before);
    expect(Object.keys(await topology.serverStates())).not.toContain('pod-bad');
    expect(Object.keys(topology.inventory().pids)).not.toContain('gateway-pod-bad');
  });

  it('terminatePod exits gracefully (code 0) before the grace', async () => {
    const started = performance.now();
    expect(await topology.terminatePod('pod-c')).toEqual({ code: 0, signal: null });
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(topology.isPodRunning('pod-c')).toBe(false);
    await topology.loadBalancer.waitForStates({ 'pod-c': 'DOWN' }, DETECT_MS);
  });

  it('down() stops everything and frees every port and folder; it is idempotent', async () => {
    const { pids, ports, dirs } = topology.inventory();
    const processes = Object.values(pids).flatMap((pid) => processTree(pid));
    expect(processes.length).toBeGreaterThan(10);
    await Promise.all([topology.down(), topology.down()]);
    expect(processes.filter((p) => isAlive(p.pid, p.startTime))).toEqual([]);
    for (const [what, port] of Object.entries(ports))
      expect([what, await portRefuses(port)]).toEqual([what, true]);
    for (const dir of dirs) expect(existsSync(dir)).toBe(false);
    await expect(topology.startPod('pod-c')).rejects.toThrow(/topology is down/);
  });
});

// ---- cleanup of the whole topology when the harness process dies --------------------------------------

const FIXTURE = fileURLToPath(new URL('./test-support/boot-topology.ts', import.meta.url));

interface Booted {
  reaper: number;
  entryUrl: string;
  pids: Record<string, number>;
  ports: Record<string, number>;
  dirs: string[];
}

type Fixture = LaunchedFixture<Booted> & Inventory & { logDir: string };

let running: Fixture | undefined;

async function launch(): Promise<Fixture> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-provider-fixture-'));
  const launched = await launchFixture<Booted>(FIXTURE, { FIXTURE_LOG_DIR: logDir }, 60_000);
  const booted = launched.report;
  const fixture: Fixture = {
    ...launched,
    logDir,
    dirs: booted.dirs,
    ports: booted.ports,
    processes: [...Object.values(booted.pids), booted.reaper].flatMap((pid) => processTree(pid)),
  };
  running = fixture;
  return fixture;
}

function expectAllRunning(fixture: Fixture): void {
  const { pids } = fixture.report;
  expect(Object.keys(pids).sort()).toEqual([
    'fault-proxy',
    'gateway-pod-a',
    'gateway-pod-b',
    'gateway-pod-c',
    'haproxy',
    'postgres',
    'postgres-standby',
    'redis',
  ]);
  expect([...Object.values(pids), fixture.report.reaper].filter((pid) => !isAlive(pid))).toEqual([]);
  // postmasters with their helpers, HAProxy master and worker, …
  expect(fixture.processes.length).toBeGreaterThan(15);
  for (const dir of fixture.report.dirs) expect(existsSync(dir)).toBe(true);
}

describe('(f) cleanup of the whole topology when the harness process ends', () => {
  afterEach(async () => {
    // A failed test must not leak its fixture.
    const fixture = running;
    running = undefined;
    if (!fixture) return;
    await reapFailedFixture(fixture, fixture);
    rmSync(fixture.logDir, { recursive: true, force: true });
  }, 30_000);

  it('SIGKILL of the harness: the reaper stops every process and frees every port and folder', async () => {
    const fixture = await launch();
    expectAllRunning(fixture);
    expect((await get(`${fixture.report.entryUrl}/health`)).status).toBe(200);
    fixture.child.kill('SIGKILL');
    expect(await fixture.exit).toEqual({ code: null, signal: 'SIGKILL' });
    await expectAllGone(fixture, 10_000);
  });

  it('SIGINT of the harness: everything is killed and it exits with 130', async () => {
    const fixture = await launch();
    expectAllRunning(fixture);
    fixture.child.kill('SIGINT');
    expect(await fixture.exit).toEqual({ code: 130, signal: null });
    await expectAllGone(fixture, 10_000);
  });
});
