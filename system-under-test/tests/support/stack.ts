import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import type { GatewayProcess } from '../../../harness/env/local/gateway-process.js';
import { startGateway as startGatewayProcess } from './start-gateway.js';
import { startPostgres, startRedis } from '../../../harness/env/local/index.js';
import { DrillClient, type DrillClientOptions } from '../../client/index.js';

export const JWT_SECRET = 'test-secret-for-drill';

/** Runbook timings divided down so a test sees a heartbeat, a drain and a TTL in seconds. */
export const FAST_TIMINGS: Record<string, string> = {
  PING_INTERVAL_MS: '1000',
  PING_TIMEOUT_MS: '1000',
  DRAIN_TIMEOUT_MS: '2000',
  TERMINATION_GRACE_MS: '5000',
  PRESENCE_TTL_MS: '1500',
  DB_TIMEOUT_MS: '500',
  DB_CHECK_INTERVAL_MS: '500',
  REDIS_CHECK_INTERVAL_MS: '500',
  REQUIRE_AUTH: 'true',
  JWT_SECRET,
  LOG_LEVEL: 'info',
};

export function token(
  userId: string,
  rooms: string[] = ['*'],
  opts: jwt.SignOptions = {},
  secret = JWT_SECRET,
) {
  return jwt.sign({ sub: userId, rooms }, secret, { expiresIn: '1h', ...opts });
}

export interface Infra {
  databaseUrl: string;
  redisUrl: string;
  logDir: string;
  pg: Awaited<ReturnType<typeof startPostgres>>;
  redis: Awaited<ReturnType<typeof startRedis>>;
  db: pg.Pool;
  down(): Promise<void>;
}

/** PostgreSQL and Redis for one test file. */
export async function startInfra(): Promise<Infra> {
  const logDir = await mkdtemp(join(tmpdir(), 'drill-sut-'));
  const [pgHandle, redis] = await Promise.all([startPostgres({ logDir }), startRedis({ logDir })]);
  const db = new pg.Pool({ connectionString: pgHandle.url, max: 2 });
  db.on('error', () => undefined);
  return {
    databaseUrl: pgHandle.url,
    redisUrl: redis.url,
    logDir,
    pg: pgHandle,
    redis,
    db,
    async down() {
      await db.end().catch(() => undefined);
      await Promise.allSettled([pgHandle.down(), redis.down()]);
      await rm(logDir, { recursive: true, force: true });
    },
  };
}

export interface Stack {
  infra: Infra;
  /** The environment every pod of this stack gets (test timings plus the caller's extras). */
  env: Record<string, string>;
  pods: GatewayProcess[];
  clients: DrillClient[];
  pod(i: number): GatewayProcess;
  /** An SDK client with the test's defaults; closed by down(). */
  client(userId: string, urls: string[], opts?: Partial<DrillClientOptions>): DrillClient;
  down(): Promise<void>;
}

let podCounter = 0;

/** N gateway pods on the shared infra, with the given extra environment. */
export async function startPods(
  infra: Infra,
  count: number,
  env: Record<string, string> = {},
): Promise<Stack> {
  const podEnv = { ...FAST_TIMINGS, ...env };
  const pods = await Promise.all(
    Array.from({ length: count }, () =>
      startGatewayProcess({
        pod: `pod-${++podCounter}`,
        databaseUrl: infra.databaseUrl,
        redisUrl: infra.redisUrl,
        env: podEnv,
        logDir: infra.logDir,
      }),
    ),
  );
  const clients: DrillClient[] = [];
  return {
    infra,
    env: podEnv,
    pods,
    clients,
    pod: (i) => {
      const p = pods[i];
      if (!p) throw new Error(`no pod ${i}`);
      return p;
    },
    client(userId, urls, opts = {}) {
      const c = new DrillClient({
        urls,
        token: () => token(userId),
        transport: 'websocket',
        backoff: { initialMs: 300, maxMs: 1_000, factor: 2, jitter: 0.3 },
        ackTimeoutMs: 2_000,
        ...opts,
      });
      clients.push(c);
      return c;
    },
    async down() {
      await Promise.allSettled(clients.map((c) => c.close()));
      await Promise.allSettled(
        pods.map(async (p) => {
          const exited = await Promise.race([p.exited, Promise.resolve(undefined)]);
          if (!exited) await p.kill();
        }),
      );
    },
  };
}

export async function committed(db: pg.Pool, room: string) {
  const { rows } = await db.query<{ seq: string; client_msg_id: string }>(
    'SELECT seq, client_msg_id FROM messages WHERE room = $1 ORDER BY seq',
    [room],
  );
  return rows.map((r) => ({ seq: Number(r.seq), clientMsgId: r.client_msg_id }));
}

let roomCounter = 0;
export const uniqueRoom = (label: string) => `${label}-${process.pid}-${++roomCounter}`;

export async function waitUntil(
  what: string,
  condition: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
