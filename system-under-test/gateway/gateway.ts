import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { Server } from 'socket.io';
import { ServerEvents, type SyncHint } from '../protocol.js';
import type { GatewayConfig } from './config.js';
import { handshakeGuard, originAllowed } from './handshake.js';
import { createRoutes } from './http-routes.js';
import { Inflight } from './inflight.js';
import { createMetrics } from './metrics.js';
import { Presence } from './presence.js';
import { RedisLink } from './redis-link.js';
import { SessionRegistry } from './sessions.js';
import { GracefulShutdown } from './shutdown.js';
import { onConnection } from './socket-handlers.js';
import { migrateWhenReachable } from './startup-migrations.js';
import { MessageStore } from './store/message-store.js';

export interface Gateway {
  port: number;
  shutdown: (signal: string) => Promise<void>;
}

const STARTUP_DB_WAIT_MS = 30_000;

export async function startGateway(
  config: GatewayConfig,
  log: Logger,
  exit: (code: number) => void,
): Promise<Gateway> {
  const startedAt = Date.now();
  const metrics = createMetrics(config.pod);
  const store = new MessageStore({
    url: config.databaseUrl,
    poolMax: config.dbPoolMax,
    poolMin: config.dbPoolMin,
    idleTimeoutMs: config.dbPoolIdleTimeoutMs,
    timeoutMs: config.dbTimeoutMs,
    onPoolError: (err) => log.warn({ err: err.message }, 'database connection lost'),
    healthSharesPool: config.defects.has('health-shares-pool'),
  });
  // The reference does not listen before its migrations ran, so a version that cannot reach its
  // database never passes readiness. The defect serves first and migrates in the background.
  const readyBeforeDatabase = config.defects.has('ready-before-database');
  let migrated = false;
  if (!readyBeforeDatabase) {
    migrated = await migrateWhenReachable(store, log, { waitMs: STARTUP_DB_WAIT_MS });
    metrics.databaseUp.set(1);
  }

  const redis = config.redisUrl ? new RedisLink(config.redisUrl, log) : undefined;
  const presence = new Presence(
    redis,
    config.pod,
    config.presenceTtlMs,
    config.defects.has('presence-no-ttl'),
  );
  const sessions = new SessionRegistry(config.defects.has('leak-on-disconnect'));
  const inflight = new Inflight();
  // Called only once the server listens, after `shutdown` below exists.
  const isShuttingDown = (): boolean => shutdown.inProgress;

  // The route handler is installed before Socket.IO attaches, so Engine.IO wraps it and keeps
  // /socket.io/ for itself; a listener added afterwards would answer those requests too.
  const httpServer = createServer(
    createRoutes({
      config,
      store,
      presence,
      redis,
      metrics,
      sessions,
      log,
      isShuttingDown,
      startedAt,
      databaseMigrated: () => migrated,
    }),
  );
  const io = new Server(httpServer, {
    pingInterval: config.pingIntervalMs,
    pingTimeout: config.pingTimeoutMs,
    maxHttpBufferSize: Math.max(64 * 1024, config.maxMessageBytes * 4),
    transports: config.transports,
    serveClient: false,
    cors: { origin: config.corsOrigins.length > 0 ? config.corsOrigins : true, credentials: true },
    allowRequest: (req, callback) => {
      if (!originAllowed(req.headers.origin, config.corsOrigins))
        return callback('origin not allowed', false);
      callback(null, true);
    },
  });
  if (redis) io.adapter(createAdapter(redis.pub, redis.sub, { key: 'drill' }));
  io.use(handshakeGuard({ config, metrics, sessions, isShuttingDown }));
  io.on('connection', onConnection({ io, config, store, presence, metrics, log, sessions, inflight }));
  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    metrics.connectionsRejected.inc({ reason: err.message });
  });

  const subjects = () =>
    [...sessions.values()].map((s) => ({ userId: s.identity.userId, socketId: s.socket.id, rooms: s.rooms }));

  if (redis) {
    metrics.redisUp.set(0);
    let everUp = false;
    redis.onChange(async (state) => {
      metrics.redisUp.set(state === 'up' ? 1 : 0);
      metrics.presenceEnabled.set(state === 'up' ? 1 : 0);
      if (state === 'down' && everUp && config.defects.has('redis-fatal')) {
        log.fatal('redis-fatal defect: Redis lost, crashing');
        exit(1);
      }
      if (state !== 'up') return;
      const recovered = everUp;
      everUp = true;
      if (!recovered) return;
      // Messages published by other pods while Redis was down never reached our sockets:
      // tell each socket the heads of its rooms so its SDK fills the gaps from PostgreSQL.
      await presence.refresh(subjects());
      const all = [...new Set([...sessions.values()].flatMap((s) => [...s.rooms]))];
      const heads = await store.heads(all).catch(() => undefined);
      if (!heads) return;
      for (const s of sessions.values()) {
        const hint: SyncHint = { heads: Object.fromEntries([...s.rooms].map((r) => [r, heads[r] ?? 0])) };
        s.socket.emit(ServerEvents.sync, hint);
      }
      log.info({ data: { sockets: sessions.active, rooms: all.length } }, 'Redis recovered: sync hints sent');
    });
    redis.startLivenessChecks(config.redisCheckIntervalMs);
    const up = await redis.waitUntilUp(2_000);
    if (!up) log.warn('Redis not reachable at start: serving in degraded mode');
  }

  let dbWasUp = true;
  const timers = [
    setInterval(() => void presence.refresh(subjects()), config.pingIntervalMs),
    setInterval(() => {
      store
        .ping()
        .then(() => true)
        .catch(() => false)
        .then((up) => {
          metrics.databaseUp.set(up ? 1 : 0);
          if (up !== dbWasUp)
            log[up ? 'info' : 'warn'](up ? 'database connection restored' : 'database unreachable');
          dbWasUp = up;
        });
    }, config.dbCheckIntervalMs),
  ];
  if (config.idleTimeoutMs > 0) {
    timers.push(
      setInterval(
        () => {
          const cutoff = Date.now() - config.idleTimeoutMs;
          for (const s of sessions.values()) if (s.lastActivityAt < cutoff) s.socket.disconnect(true);
        },
        Math.min(5_000, Math.ceil(config.idleTimeoutMs / 2)),
      ),
    );
  }
  for (const t of timers) t.unref();

  const shutdown = new GracefulShutdown({
    config,
    io,
    httpServer,
    sessions,
    inflight,
    metrics,
    log,
    exit,
    closeResources: async () => {
      for (const t of timers) clearInterval(t);
      await Promise.allSettled([redis?.close(), store.close()]);
    },
  });

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  log.info(
    { data: { port, pod: config.pod, zone: config.zone, defects: [...config.defects] } },
    'gateway listening',
  );
  if (readyBeforeDatabase) {
    log.warn('ready-before-database defect: serving before the database migrations ran');
    migrateWhenReachable(store, log, { waitMs: Infinity, cancelled: isShuttingDown }).then(
      (done) => {
        migrated = done;
        if (done) metrics.databaseUp.set(1);
      },
      (err: unknown) => {
        if (isShuttingDown()) return;
        log.fatal({ err }, 'database migrations failed: exiting');
        exit(1);
      },
    );
  }
  return { port, shutdown: (signal) => shutdown.begin(signal) };
}
