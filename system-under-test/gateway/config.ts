import { hostname } from 'node:os';
import { z } from 'zod';
import { parseDefects, type Defect } from './defects.js';

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be at least ${min}` })
    .max(max, { message: `must be at most ${max}` });
const list = z
  .string()
  .transform((v) => v.split(',').map((s) => s.trim()))
  .transform((items) => items.filter((s) => s.length > 0));

// Names and defaults follow the runbooks' appendix; timings are in milliseconds so the harness
// can scale them. Durations the runbooks give in seconds are noted beside their defaults.
const schema = z
  .object({
    PORT: int(0, 65535).default(3001),
    HOST: z.string().default('0.0.0.0'),
    POD_NAME: z.string().min(1).default(`${hostname()}-${process.pid}`),
    ZONE: z.string().default(''),
    DATABASE_URL: z
      .string({ required_error: 'is required (postgres://…)' })
      .url({ message: 'must be a URL' }),
    REDIS_URL: z.string().url({ message: 'must be a URL' }).optional(),
    REQUIRE_AUTH: flag.default('false'),
    STRICT_MODE: flag.default('false'),
    JWT_SECRET: z.string().min(1).optional(),
    /** Previous secrets still accepted while a rotation is rolled out. */
    JWT_SECRETS: list.default(''),
    CORS_ORIGIN: list.default(''),
    /** Engine.IO transports offered; `polling` alone is the runbook's forced polling mode. */
    TRANSPORTS: list
      .pipe(
        z.array(z.enum(['polling', 'websocket'], { message: 'may list polling and websocket only' })).min(1),
      )
      .default('polling,websocket'),
    MAX_CONNECTIONS: int(1).default(1000),
    /** Idle timeout for connections that send no application event; 0 disables it. */
    CONNECTION_TIMEOUT: int(0).default(0),
    RATE_LIMIT_ENABLED: flag.default('false'),
    RATE_LIMIT_WINDOW: int(1).default(60_000),
    RATE_LIMIT_MAX: int(1).default(100),
    PING_INTERVAL_MS: int(10).default(25_000), // 25 s heartbeat
    PING_TIMEOUT_MS: int(10).default(25_000), // 25 s grace
    /** Time between readiness failing and the listener closing (the runbook's pre-stop lead). */
    SHUTDOWN_DELAY_MS: int(0).default(0),
    DRAIN_TIMEOUT_MS: int(0).default(30_000), // 30 s drain window
    TERMINATION_GRACE_MS: int(1).default(45_000), // 45 s before the orchestrator's SIGKILL
    SHUTDOWN_MARKER_FILE: z.string().optional(),
    MAX_MESSAGE_BYTES: int(1).default(16_384),
    REPLAY_BATCH: int(1, 10_000).default(500),
    /** Resume gaps larger than this many messages are answered with `reset`. */
    RETENTION_MAX_GAP: int(1).default(10_000),
    PRESENCE_TTL_MS: int(10).optional(),
    /** Runbook: under 40 database connections per pod is normal, 45 a warning. */
    DB_POOL_MAX: int(1, 100).default(25),
    /** Connections kept open while idle; unset: DB_POOL_MAX (the pool is kept full). */
    DB_POOL_MIN: int(0, 100).optional(),
    /** A connection above DB_POOL_MIN idle this long is closed; 0: never. */
    DB_POOL_IDLE_TIMEOUT_MS: int(0).default(10_000),
    DB_TIMEOUT_MS: int(10).default(2_000),
    DB_CHECK_INTERVAL_MS: int(10).default(5_000),
    /** How often Redis must answer a PING; one that does not in time makes the gateway reconnect. */
    REDIS_CHECK_INTERVAL_MS: int(10).default(5_000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    SUT_DEFECTS: z.string().default(''),
  })
  .superRefine((env, ctx) => {
    const authRequired = env.REQUIRE_AUTH || env.STRICT_MODE;
    if (authRequired && !env.JWT_SECRET) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is required when REQUIRE_AUTH or STRICT_MODE is true',
      });
    }
    if (env.DB_POOL_MIN !== undefined && env.DB_POOL_MIN > env.DB_POOL_MAX) {
      ctx.addIssue({
        code: 'custom',
        path: ['DB_POOL_MIN'],
        message: `must be at most DB_POOL_MAX (${env.DB_POOL_MAX})`,
      });
    }
    if (env.DRAIN_TIMEOUT_MS + env.SHUTDOWN_DELAY_MS >= env.TERMINATION_GRACE_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['TERMINATION_GRACE_MS'],
        message: 'must exceed SHUTDOWN_DELAY_MS + DRAIN_TIMEOUT_MS, or the process is killed mid-drain',
      });
    }
  });

export interface GatewayConfig {
  port: number;
  host: string;
  pod: string;
  zone: string;
  databaseUrl: string;
  redisUrl: string | undefined;
  requireAuth: boolean;
  strictMode: boolean;
  /** Accepted JWT secrets, the current one first. */
  jwtSecrets: string[];
  corsOrigins: string[];
  transports: Array<'polling' | 'websocket'>;
  maxConnections: number;
  idleTimeoutMs: number;
  rateLimit: { enabled: boolean; windowMs: number; max: number };
  pingIntervalMs: number;
  pingTimeoutMs: number;
  shutdownDelayMs: number;
  drainTimeoutMs: number;
  terminationGraceMs: number;
  shutdownMarkerFile: string | undefined;
  maxMessageBytes: number;
  replayBatch: number;
  retentionMaxGap: number;
  presenceTtlMs: number;
  dbPoolMax: number;
  dbPoolMin: number;
  dbPoolIdleTimeoutMs: number;
  dbTimeoutMs: number;
  dbCheckIntervalMs: number;
  redisCheckIntervalMs: number;
  logLevel: string;
  defects: ReadonlySet<Defect>;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(defined);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const given = defined[name];
        return `${name} ${issue.message}${given === undefined ? '' : ` (got ${JSON.stringify(given)})`}`;
      }),
    );
  }
  const e = parsed.data;
  let defects: Set<Defect>;
  try {
    defects = parseDefects(e.SUT_DEFECTS);
  } catch (err) {
    throw new ConfigError([(err as Error).message]);
  }
  return {
    port: e.PORT,
    host: e.HOST,
    pod: e.POD_NAME,
    zone: e.ZONE,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    requireAuth: e.REQUIRE_AUTH || e.STRICT_MODE,
    strictMode: e.STRICT_MODE,
    jwtSecrets: [...(e.JWT_SECRET ? [e.JWT_SECRET] : []), ...e.JWT_SECRETS],
    corsOrigins: e.CORS_ORIGIN,
    transports: e.TRANSPORTS,
    maxConnections: e.MAX_CONNECTIONS,
    idleTimeoutMs: e.CONNECTION_TIMEOUT,
    rateLimit: { enabled: e.RATE_LIMIT_ENABLED, windowMs: e.RATE_LIMIT_WINDOW, max: e.RATE_LIMIT_MAX },
    pingIntervalMs: e.PING_INTERVAL_MS,
    pingTimeoutMs: e.PING_TIMEOUT_MS,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    drainTimeoutMs: e.DRAIN_TIMEOUT_MS,
    terminationGraceMs: e.TERMINATION_GRACE_MS,
    shutdownMarkerFile: e.SHUTDOWN_MARKER_FILE,
    maxMessageBytes: e.MAX_MESSAGE_BYTES,
    replayBatch: e.REPLAY_BATCH,
    retentionMaxGap: e.RETENTION_MAX_GAP,
    presenceTtlMs: e.PRESENCE_TTL_MS ?? e.PING_INTERVAL_MS + e.PING_TIMEOUT_MS,
    dbPoolMax: e.DB_POOL_MAX,
    dbPoolMin: e.DB_POOL_MIN ?? e.DB_POOL_MAX,
    dbPoolIdleTimeoutMs: e.DB_POOL_IDLE_TIMEOUT_MS,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    dbCheckIntervalMs: e.DB_CHECK_INTERVAL_MS,
    redisCheckIntervalMs: e.REDIS_CHECK_INTERVAL_MS,
    logLevel: e.LOG_LEVEL,
    defects,
  };
}
