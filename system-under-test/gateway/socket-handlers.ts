import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import { ClientEvents, ServerEvents, type ChatMessage, type RoomPage, type Welcome } from '../protocol.js';
import { isExpired, mayJoin, type Identity } from './auth.js';
import type { GatewayConfig } from './config.js';
import { ClientError, unavailable } from './errors.js';
import type { Inflight } from './inflight.js';
import type { Metrics } from './metrics.js';
import type { Presence } from './presence.js';
import { takeFromWindow } from './rate-limit.js';
import * as requests from './requests.js';
import type { Session, SessionRegistry } from './sessions.js';
import { isTransientDbError, type MessageStore } from './store/message-store.js';

export interface HandlerDeps {
  io: Server;
  config: GatewayConfig;
  store: MessageStore;
  presence: Presence;
  metrics: Metrics;
  log: Logger;
  sessions: SessionRegistry;
  inflight: Inflight;
}

const KNOWN_EVENTS = new Set<string>(Object.values(ClientEvents));
const STRICT_MODE_VIOLATIONS = 3;

function toClientError(err: unknown, log: Logger): ClientError {
  if (err instanceof ClientError) return err;
  if (isTransientDbError(err)) return unavailable('the database');
  log.error({ err }, 'request failed');
  return new ClientError('internal', 'internal error', true, 1_000);
}

export function onConnection(deps: HandlerDeps) {
  const { io, config, store, presence, metrics, log, sessions, inflight } = deps;
  const noReplay = config.defects.has('no-replay');
  const ackBeforeCommit = config.defects.has('ack-before-commit');
  const predictedHeads = new Map<string, number>(); // only used by the ack-before-commit defect

  const broadcast = (m: ChatMessage) => io.to(m.room).emit(ServerEvents.message, m);

  const requireRoom = (identity: Identity, room: string) => {
    if (isExpired(identity))
      throw new ClientError('unauthorized', 'token expired; reconnect with a fresh token');
    if (!mayJoin(identity, room)) throw new ClientError('forbidden', `the token does not grant room ${room}`);
  };

  const replay = async (room: string, after: number, limit: number): Promise<RoomPage> => {
    if (noReplay) return { room, head: await store.head(room), messages: [], more: false, reset: true };
    const page = await store.page(room, after, Math.min(limit, config.replayBatch), config.retentionMaxGap);
    metrics.replayed.inc(page.messages.length);
    return page;
  };

  const sendCommitted = async (identity: Identity, req: z.infer<typeof requests.sendRequest>) => {
    const started = performance.now();
    if (ackBeforeCommit) {
      const seq = (predictedHeads.get(req.room) ?? 0) + 1;
      predictedHeads.set(req.room, seq);
      store
        .append(req.room, req.clientMsgId, identity.userId, req.body)
        .then((r) => broadcast({ ...req, sender: identity.userId, seq: r.seq, committedAt: r.committedAt }))
        .catch((err: Error) => log.error({ err: err.message }, 'commit failed after the ack was sent'));
      return { seq, duplicate: false };
    }
    const result = await store.append(
      req.room,
      req.clientMsgId,
      identity.userId,
      req.body,
      !config.defects.has('no-idempotency'),
    );
    metrics.messages.inc({ result: result.duplicate ? 'duplicate' : 'committed' });
    metrics.latency.observe((performance.now() - started) / 1000);
    // A duplicate is broadcast again: if the first attempt's pod died between commit and
    // broadcast, this is what delivers it live. Clients drop the repeat by seq.
    broadcast({ ...req, sender: identity.userId, seq: result.seq, committedAt: result.committedAt });
    return { seq: result.seq, duplicate: result.duplicate };
  };

  return (socket: Socket) => {
    const identity = socket.data.identity as Identity;
    const session: Session = {
      socket,
      identity,
      rooms: new Set(),
      rate: { startedAt: Date.now(), count: 0 },
      violations: 0,
      lastActivityAt: Date.now(),
    };
    sessions.add(session);
    metrics.connections.set(sessions.active);
    metrics.sessions.set(sessions.size);
    metrics.connectionsAccepted.inc();
    socket.emit(ServerEvents.welcome, { pod: config.pod, zone: config.zone } satisfies Welcome);
    log.debug(
      { data: { socketId: socket.id, userId: identity.userId, transport: socket.conn.transport.name } },
      'socket.connect',
    );

    const violation = () => {
      session.violations++;
      if (config.strictMode && session.violations >= STRICT_MODE_VIOLATIONS) {
        log.warn(
          { data: { socketId: socket.id, userId: identity.userId } },
          'strict mode: disconnecting abusive client',
        );
        setImmediate(() => socket.disconnect(true));
      }
    };

    const handle = <S extends z.ZodTypeAny>(
      event: string,
      schema: S,
      fn: (req: z.infer<S>) => Promise<object>,
    ) => {
      socket.on(event, async (payload: unknown, ack: unknown) => {
        if (typeof ack !== 'function') {
          metrics.errors.inc({ code: 'bad_request' });
          violation();
          return;
        }
        const reply = (body: object) => {
          if (socket.connected) ack(body);
        };
        inflight.begin();
        try {
          session.lastActivityAt = Date.now();
          if (config.rateLimit.enabled) {
            const take = takeFromWindow(session.rate, Date.now(), config.rateLimit);
            if (!take.allowed) {
              throw new ClientError(
                'rate_limited',
                `rate limit of ${config.rateLimit.max} events per ${config.rateLimit.windowMs} ms exceeded`,
                true,
                take.retryAfterMs,
              );
            }
          }
          const parsed = schema.safeParse(payload);
          if (!parsed.success) {
            throw new ClientError('bad_request', `${event}: ${requests.describeIssues(parsed.error)}`);
          }
          reply({ ok: true, ...(await fn(parsed.data)) });
        } catch (err) {
          const clientError = toClientError(err, log);
          metrics.errors.inc({ code: clientError.code });
          if (event === ClientEvents.send)
            metrics.messages.inc({ result: clientError.retryable ? 'failed' : 'rejected' });
          if (clientError.code === 'bad_request' || clientError.code === 'rate_limited') violation();
          reply({ ok: false, error: clientError.toBody() });
        } finally {
          inflight.end();
        }
      });
    };

    handle(ClientEvents.join, requests.joinRequest, async ({ room, lastSeq }) => {
      requireRoom(identity, room);
      await socket.join(room); // before reading: nothing committed meanwhile can fall between
      session.rooms.add(room);
      void presence.refresh([{ userId: identity.userId, socketId: socket.id, rooms: [room] }]);
      if (lastSeq === null || lastSeq === undefined) {
        return { room, head: await store.head(room), messages: [], more: false, reset: false };
      }
      return replay(room, lastSeq, config.replayBatch);
    });

    handle(ClientEvents.leave, requests.leaveRequest, async ({ room }) => {
      await socket.leave(room);
      session.rooms.delete(room);
      await presence.remove(identity.userId, socket.id, [room]);
      return {};
    });

    handle(ClientEvents.fetch, requests.fetchRequest, async ({ room, after, limit }) => {
      requireRoom(identity, room);
      return replay(room, after, limit ?? config.replayBatch);
    });

    handle(ClientEvents.heads, requests.headsRequest, async ({ rooms }) => {
      for (const room of rooms) requireRoom(identity, room);
      return { heads: await store.heads(rooms) };
    });

    handle(ClientEvents.presence, requests.presenceRequest, async ({ room }) => {
      requireRoom(identity, room);
      return { enabled: presence.enabled, members: await presence.list(room) };
    });

    handle(ClientEvents.send, requests.sendRequest, async (req) => {
      requireRoom(identity, req.room);
      const bytes = Buffer.byteLength(req.body, 'utf8');
      if (bytes > config.maxMessageBytes) {
        throw new ClientError(
          'payload_too_large',
          `body is ${bytes} bytes; the limit is ${config.maxMessageBytes}`,
        );
      }
      return sendCommitted(identity, req);
    });

    socket.onAny((event: string, ...args: unknown[]) => {
      if (KNOWN_EVENTS.has(event)) return;
      metrics.errors.inc({ code: 'bad_request' });
      violation();
      const ack = args.at(-1);
      if (typeof ack === 'function') {
        ack({
          ok: false,
          error: new ClientError('bad_request', `unknown event ${JSON.stringify(event)}`).toBody(),
        });
      }
    });

    socket.on('disconnect', (reason) => {
      log.info({ data: { reason, socketId: socket.id, userId: identity.userId } }, 'socket.disconnect');
      metrics.disconnects.inc({ reason });
      if (reason === 'ping timeout') metrics.heartbeatTimeouts.inc();
      sessions.release(socket.id);
      metrics.connections.set(sessions.active);
      metrics.sessions.set(sessions.size);
      void presence.remove(identity.userId, socket.id, session.rooms);
    });
  };
}
