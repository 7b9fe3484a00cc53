import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { MessagesPage } from '../protocol.js';
import { CHAT_HTML, chatBundle } from '../web/chat-page.js';
import { AuthError, isExpired, mayJoin, verifyToken, type Identity } from './auth.js';
import type { GatewayConfig } from './config.js';
import type { Metrics } from './metrics.js';
import type { Presence } from './presence.js';
import type { RedisLink } from './redis-link.js';
import type { SessionRegistry } from './sessions.js';
import { isTransientDbError, type MessageStore } from './store/message-store.js';

export interface RouteDeps {
  config: GatewayConfig;
  store: MessageStore;
  presence: Presence;
  redis: RedisLink | undefined;
  metrics: Metrics;
  sessions: SessionRegistry;
  log: Logger;
  isShuttingDown: () => boolean;
  startedAt: number;
  /** Whether the startup migrations ran (the reference only listens once they have). */
  databaseMigrated: () => boolean;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const ROOM_MESSAGES = /^\/rooms\/([\w:.-]{1,128})\/messages$/;
const PRESENCE = /^\/presence\/([\w:.-]{1,128})$/;

export function createRoutes(deps: RouteDeps) {
  const { config, store, presence, redis, metrics, sessions, log } = deps;

  const databaseHealthy = async (): Promise<boolean> => {
    if (config.defects.has('health-ignores-db')) return true;
    try {
      await store.ping();
      metrics.databaseUp.set(1);
      return true;
    } catch {
      metrics.databaseUp.set(0);
      return false;
    }
  };

  const authorize = (req: IncomingMessage, room: string): void => {
    let identity: Identity | undefined;
    const header = req.headers.authorization;
    if (header?.startsWith('Bearer ')) {
      try {
        identity = verifyToken(header.slice('Bearer '.length), config.jwtSecrets);
      } catch (err) {
        throw new HttpError(401, err instanceof AuthError ? err.message : 'invalid token');
      }
    } else if (config.requireAuth) {
      throw new HttpError(401, 'missing bearer token');
    }
    if (identity && (isExpired(identity) || !mayJoin(identity, room))) {
      throw new HttpError(403, `the token does not grant room ${room}`);
    }
  };

  // The ready-before-database defect: "don't fail readiness while the migrations are still running",
  // so a pod that has never reached its database is reported ready and gets traffic.
  const skipsDatabaseCheck = () => config.defects.has('ready-before-database') && !deps.databaseMigrated();

  const readiness = async () => {
    const dbOk = skipsDatabaseCheck() || (await databaseHealthy());
    const ready = dbOk && !deps.isShuttingDown();
    const database = { overall: dbOk ? 'healthy' : 'unhealthy' };
    if (!ready) {
      return {
        status: 503,
        body: {
          status: 'error',
          timestamp: new Date().toISOString(),
          reason: deps.isShuttingDown() ? 'shutting down' : 'database unavailable',
          database,
        },
      };
    }
    return {
      status: 200,
      body: {
        status: 'ok',
        timestamp: new Date().toISOString(),
        uptime: (Date.now() - deps.startedAt) / 1000,
        database,
        pod: config.pod,
        zone: config.zone,
        connections: sessions.active,
        redis: redis ? (redis.isUp ? 'connected' : 'disconnected') : 'not configured',
      },
    };
  };

  const liveness = async () => {
    const ok = await databaseHealthy();
    return {
      status: ok ? 200 : 503,
      body: {
        summary: {
          overall: ok ? 'healthy' : 'unhealthy',
          database: ok ? 'connected' : 'disconnected',
          operationsSuccessful: ok,
        },
      },
    };
  };

  const roomMessages = async (req: IncomingMessage, url: URL, room: string) => {
    authorize(req, room);
    const after = Number(url.searchParams.get('after') ?? '0');
    const limit = Number(url.searchParams.get('limit') ?? String(config.replayBatch));
    if (!Number.isSafeInteger(after) || after < 0)
      throw new HttpError(400, 'after must be a whole number >= 0');
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw new HttpError(400, 'limit must be a whole number >= 1');
    const page: MessagesPage = await store.page(
      room,
      after,
      Math.min(limit, config.replayBatch),
      config.retentionMaxGap,
    );
    return { status: 200, body: page };
  };

  const route = async (req: IncomingMessage, url: URL): Promise<{ status: number; body: unknown }> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'only GET is supported');
    if (url.pathname === '/health') return readiness();
    if (url.pathname === '/health/database') return liveness();
    const messages = ROOM_MESSAGES.exec(url.pathname);
    if (messages?.[1]) return roomMessages(req, url, messages[1]);
    const members = PRESENCE.exec(url.pathname);
    if (members?.[1]) {
      authorize(req, members[1]);
      return { status: 200, body: { enabled: presence.enabled, members: await presence.list(members[1]) } };
    }
    throw new HttpError(404, `no route for ${url.pathname}`);
  };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway.invalid');
    const origin = req.headers.origin;
    if (
      origin &&
      (config.corsOrigins.length === 0 ||
        config.corsOrigins.includes(origin) ||
        config.corsOrigins.includes('*'))
    ) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('vary', 'Origin');
    }
    res.setHeader('x-backend', config.pod);
    try {
      if (url.pathname === '/chat' || url.pathname === '/chat.js') {
        const page = url.pathname === '/chat';
        res.writeHead(200, {
          'content-type': page ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
        });
        res.end(page ? CHAT_HTML : await chatBundle());
        return;
      }
      if (url.pathname === '/metrics') {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
        return;
      }
      const { status, body } = await route(req, url);
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    } catch (err) {
      const status = err instanceof HttpError ? err.status : isTransientDbError(err) ? 503 : 500;
      if (status === 500) log.error({ err }, 'http request failed');
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          error:
            err instanceof HttpError
              ? err.message
              : status === 503
                ? 'database unavailable'
                : 'internal error',
        }),
      );
    }
  };
}
