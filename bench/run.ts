// npm run bench: prints the figures the harness is sized by. Every loop is bounded in count and
// time. BENCH_MAX_CLIENTS (default 8000) caps the capacity step; BENCH_QUICK=1 shrinks everything.
import { containersProvider } from '../harness/env/containers/containers-provider.js';
import { containersSkipReason } from '../harness/env/containers/docker-test-support.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import jwt from 'jsonwebtoken';
import { localProvider } from '../harness/env/local/local-provider.js';
import type { Topology, TopologySpec } from '../harness/env/provider.js';
import type { HistoryEvent, Unstamped } from '../harness/history/events.js';
import { Fleet } from '../harness/load/fleet.js';
import { seededRandom } from '../harness/load/random.js';
import { openModelSchedule } from '../harness/load/schedule.js';
import { referencePod, referenceServices, referenceTarget } from '../harness/targets/reference.js';

const quick = process.env.BENCH_QUICK === '1';
const maxClients = Number(process.env.BENCH_MAX_CLIENTS ?? (quick ? 1000 : 8000));
const SECRET = 'bench-secret';

/** Counts what the load observes, without writing a history file. */
class BenchSink {
  acked = 0;
  delivered = 0;
  latencies: number[] = [];
  record(e: Unstamped<HistoryEvent>) {
    if (e.type === 'send.ok') this.acked++;
    else if (e.type === 'deliver') {
      this.delivered++;
      this.latencies.push(Date.now() - e.committedAt);
    }
  }
  reset() {
    this.acked = 0;
    this.delivered = 0;
    this.latencies = [];
  }
}

const p = (values: number[], q: number) => {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
};
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function spec(logDir: string, clients: number): TopologySpec {
  return {
    pods: 3,
    zones: ['a', 'b', 'c'],
    services: referenceServices(),
    databaseZone: 'a',
    timeScale: 1,
    logDir,
    pod: referencePod({
      REQUIRE_AUTH: 'true',
      JWT_SECRET: SECRET,
      MAX_CONNECTIONS: String(clients + 100),
      LOG_LEVEL: 'warn',
    }),
    loadBalancer: { affinity: true, allowUpgrade: true, checkIntervalMs: 15_000, tunnelTimeoutMs: 80_000 },
  };
}

function fleet(topology: Topology, clients: number, sink: BenchSink, roomSize = 10) {
  return new Fleet({
    url: topology.entryUrl,
    clients,
    roomSize,
    connectRatePerSecond: 1_000,
    seed: 7,
    sink,
    token: (userId, room) => jwt.sign({ sub: userId, rooms: [room] }, SECRET),
    adapter: referenceTarget().adapter,
  });
}

async function bootTime(logDir: string): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < (quick ? 1 : 2); i++) {
    const started = performance.now();
    const topology = await localProvider.up(spec(logDir, 100));
    times.push(performance.now() - started);
    await topology.down();
  }
  return times;
}

/** The same topology on the containers provider: up() and down() times, or why it cannot run here. */
async function containersBootTime(logDir: string): Promise<string> {
  const skip = await containersSkipReason();
  if (skip) return skip;
  const up: number[] = [];
  const down: number[] = [];
  for (let i = 0; i < (quick ? 1 : 2); i++) {
    const started = performance.now();
    const topology = await containersProvider.up(spec(logDir, 100));
    up.push(performance.now() - started);
    const stopping = performance.now();
    await topology.down();
    down.push(performance.now() - stopping);
  }
  const seconds = (list: number[]) => list.map((t) => `${(t / 1000).toFixed(2)} s`).join(', ');
  return `up() in ${seconds(up)}; down() (logs saved, every container and the network removed) in ${seconds(down)}`;
}

async function capacity(topology: Topology) {
  const rows: Array<{ clients: number; connectS: number; rssMb: number; heapMb: number }> = [];
  const steps = [1000, 2000, 4000, 8000].filter((n) => n <= maxClients);
  for (const n of steps) {
    const sink = new BenchSink();
    const f = fleet(topology, n, sink);
    global.gc?.();
    const before = process.memoryUsage();
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    const ok = await Promise.race([f.connectAll().then(() => true), sleep(n * 3 + 30_000).then(() => false)]);
    const connectS = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    if (!ok) {
      console.log(`  ${n} clients: only ${f.stats().connected} connected in time; stopping here`);
      await f.closeAll();
      break;
    }
    await sleep(quick ? 1_000 : 3_000);
    global.gc?.();
    const after = process.memoryUsage();
    const rssMb = (after.rss - before.rss) / 1024 / 1024;
    const heapMb = (after.heapUsed + after.external - before.heapUsed - before.external) / 1024 / 1024;
    const cpuS = (cpu.user + cpu.system) / 1e6;
    rows.push({ clients: n, connectS, rssMb, heapMb });
    console.log(
      `  ${String(n).padStart(5)} clients connected and joined in ${connectS.toFixed(1)} s (${(n / connectS).toFixed(0)}/s); ` +
        `harness CPU ${((cpuS / n) * 1000).toFixed(2)} s per 1,000 handshakes; ` +
        `memory per 1,000 held: ${((heapMb / n) * 1000).toFixed(1)} MB heap, ${((rssMb / n) * 1000).toFixed(1)} MB RSS`,
    );
    await f.closeAll();
    await sleep(1_000);
  }
  return rows;
}

async function throughput(topology: Topology) {
  const clients = quick ? 200 : 500;
  const sink = new BenchSink();
  const f = fleet(topology, clients, sink);
  await f.connectAll();
  const rates = quick ? [50, 200] : [100, 200, 400, 800, 1200, 1600];
  let best = 0;
  for (const rate of rates) {
    sink.reset();
    const durationMs = quick ? 3_000 : 8_000;
    const schedule = openModelSchedule(seededRandom(rate), { ratePerSecond: rate, durationMs, clients });
    const cpuBefore = process.cpuUsage();
    await f.drive(schedule, 200);
    await sleep(1_000);
    const cpu = process.cpuUsage(cpuBefore);
    const p99 = p(sink.latencies, 0.99);
    const ackedShare = sink.acked / schedule.length;
    console.log(
      `  offered ${String(rate).padStart(5)} msg/s: ${(ackedShare * 100).toFixed(1)} % of ${schedule.length} sends acked, ` +
        `${sink.delivered} deliveries (rooms of 10), delivery p50 ${p(sink.latencies, 0.5)} ms p99 ${p99} ms, ` +
        `harness CPU ${(((cpu.user + cpu.system) / 1e6 / (durationMs / 1000 + 1)) * 100).toFixed(0)} %`,
    );
    if (p99 < 100 && ackedShare >= 0.99) best = rate;
    else break;
  }
  await f.closeAll();
  return best;
}

const logDir = await mkdtemp(join(tmpdir(), 'drill-bench-'));
try {
  console.log(`Runbook Drill benchmark (${quick ? 'quick' : 'full'}), node ${process.version}`);
  console.log(
    '\n1. topology boot (3 pods in 3 zones, PostgreSQL primary + synchronous standby, Redis, fault proxy, HAProxy)',
  );
  const boots = await bootTime(logDir);
  console.log(`  up() in ${boots.map((b) => `${(b / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  containers provider: ${await containersBootTime(logDir)}`);

  const topology = await localProvider.up(spec(logDir, maxClients));
  try {
    console.log('\n2. virtual users one harness process holds connected through the load balancer');
    const rows = await capacity(topology);
    const top = rows.at(-1);
    if (top) console.log(`  => ${top.clients} virtual users sustained by one harness process`);
    console.log('\n3. messages per second the default topology carries with delivery p99 under 100 ms');
    const best = await throughput(topology);
    console.log(`  => ${best} msg/s (${best * 10} deliveries/s) with delivery p99 < 100 ms`);
  } finally {
    await topology.down();
  }
  console.log(`\nharness RSS at the end: ${mb(process.memoryUsage().rss)} MB`);
} finally {
  await rm(logDir, { recursive: true, force: true });
}
