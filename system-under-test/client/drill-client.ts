import { Emitter } from '@socket.io/component-emitter';
import {
  ClientEvents,
  type ErrorBody,
  type ErrorCode,
  type HandshakeAuth,
  type PresenceEntry,
  type SendRequest,
  type ShutdownNotice,
} from '../protocol.js';
import { backoffDelay } from './backoff.js';
import { Connection, type ConnectFailure, type ConnectionListener } from './connection.js';
import { deferred, type Deferred } from './deferred.js';
import { DrillError, SendError } from './errors.js';
import {
  emptyStats,
  type ClientState,
  type ClientStats,
  type DrillClientEvents,
  type EmitFn,
} from './events.js';
import { hostReportsOffline, watchHostNetwork } from './host-network.js';
import { MessageIdGenerator } from './ids.js';
import { resolveOptions, type DrillClientOptions, type ResolvedOptions } from './options.js';
import { Outbox, type AttemptOutcome, type SendResult } from './outbox.js';
import { RoomSync, type RoomRpc } from './room-sync.js';
import { TimerSet, type CancelTimer } from './timers.js';
import { TransportPolicy, type TransportName } from './transport-policy.js';

export interface JoinOptions {
  /**
   * First seq the app wants: 1 (or 0) replays the whole retained history, `lastSeq(room) + 1` resumes
   * where another client left off. Null or absent: no history, only messages committed after the join.
   */
  fromSeq?: number | null;
}

export interface PresenceResult {
  enabled: boolean;
  members: PresenceEntry[];
}

/** Handshake rejections that count towards maxAuthFailures. */
const AUTH_CODES: ReadonlySet<ErrorCode> = new Set(['unauthorized', 'forbidden', 'origin_not_allowed']);

/** Share of the time left before a pod's drain deadline within which a notified client picks its moment to leave. */
const SHUTDOWN_SPREAD = 0.8;

type NoEvents = Record<never, never>;

/**
 * A resilient Socket.IO chat client: its own reconnect loop (backoff with jitter, URL rotation, polling
 * fallback), resume with replay per room, gap fill, an outbox of idempotent sends, and planned departure
 * from draining pods.
 */
export class DrillClient extends Emitter<NoEvents, NoEvents, DrillClientEvents> {
  private readonly options: ResolvedOptions;
  private readonly timers = new TimerSet();
  private readonly policy: TransportPolicy;
  private readonly ids: MessageIdGenerator;
  private readonly rooms: RoomSync;
  private readonly outbox: Outbox;
  private readonly counters: ClientStats = emptyStats();
  private readonly emitSafely: EmitFn;

  private current: ClientState = 'idle';
  private servedBy: string | null = null;
  /** The connected socket. */
  private connection: Connection | null = null;
  /** The attempt in progress. */
  private opening: Connection | null = null;
  /** Bumped to abandon an attempt that is still waiting for its token. */
  private attemptId = 0;
  private urlIndex = 0;
  private failedAttempts = 0;
  /** Backoff waits since the last connection: the index into the backoff sequence. */
  private waits = 0;
  private attemptsSinceConnected = 0;
  private authFailures = 0;
  private everConnected = false;
  /** The current connection has re-joined and caught up every room. */
  private caughtUp = false;
  /** Set when the client gave up for good (auth or maxAttempts); cleared by connect(). */
  private finalError: DrillError | null = null;
  private hostOffline = false;
  private stopWatchingHost: (() => void) | null = null;
  private cancelRetryTimer: CancelTimer | null = null;
  private cancelShutdownTimer: CancelTimer | null = null;
  private cancelSyncTimer: CancelTimer | null = null;
  /** The connection whose pod announced its shutdown. */
  private draining: Connection | null = null;
  private readonly connectWaiters: Deferred<void>[] = [];
  private closing: Promise<void> | null = null;

  constructor(options: DrillClientOptions) {
    super();
    this.options = resolveOptions(options);
    const { random, backoff } = this.options;
    this.policy = new TransportPolicy(this.options.transport, this.options.websocketRetryAfterMs);
    this.ids = new MessageIdGenerator(this.options.clientId, random);
    this.emitSafely = (event, ...args) => {
      try {
        this.emitReserved(event, ...args);
      } catch (error) {
        // A throwing listener must not leave the SDK half-way through a state change; surface it apart.
        queueMicrotask(() => {
          throw error;
        });
      }
    };
    const emit = this.emitSafely;
    this.rooms = new RoomSync({
      emit,
      stats: this.counters,
      timers: this.timers,
      fetchLimit: this.options.fetchLimit,
      retryDelay: (failures, retryAfterMs) => this.retryDelay(failures, retryAfterMs),
      onSendable: () => this.outbox.wake(),
    });
    this.outbox = new Outbox(
      {
        canSend: (room) => this.connection !== null && this.rooms.canSend(room),
        attempt: (request) => this.attemptSend(request),
      },
      {
        maxInFlight: this.options.maxInFlight,
        sendTimeoutMs: this.options.sendTimeoutMs,
        backoff,
        random,
        timers: this.timers,
      },
      {
        attempt: (info) => emit('sendAttempt', info),
        acked: (result) => {
          this.counters.sendsAcked += 1;
          emit('sendAcked', result);
        },
        failed: (info) => {
          this.counters.sendsFailed += 1;
          emit('sendFailed', info);
        },
      },
    );
  }

  get state(): ClientState {
    return this.current;
  }

  get socketId(): string | null {
    return this.connection?.socketId ?? null;
  }

  /** The connected URL, or the one the next attempt goes to. */
  get url(): string {
    return this.connection?.url ?? this.currentUrl();
  }

  /** The pod serving the current connection, as its welcome said; null while not connected. */
  get pod(): string | null {
    return this.connection ? this.servedBy : null;
  }

  get transport(): TransportName | null {
    return this.connection?.transport ?? null;
  }

  get clientId(): string {
    return this.options.clientId;
  }

  get stats(): ClientStats {
    return { ...this.counters };
  }

  /** Last seq delivered to the app for `room`; null if not joined or joined without history and nothing came yet. */
  lastSeq(room: string): number | null {
    return this.rooms.lastSeq(room);
  }

  /** Resolves once connected and every joined room is caught up; rejects on a final failure or close(). */
  connect(): Promise<void> {
    if (this.current === 'closed') return Promise.reject(new DrillError('closed', 'client is closed'));
    if (this.connection !== null && this.caughtUp) return Promise.resolve();
    const waiter = deferred<void>();
    this.connectWaiters.push(waiter);
    if (this.current === 'idle' || this.finalError !== null) this.start();
    return waiter.promise;
  }

  /** Resolves once joined and caught up. Before connect() the join waits for the connection. */
  join(room: string, options: JoinOptions = {}): Promise<void> {
    const refused = this.refusal();
    if (refused !== null) return Promise.reject(refused);
    if (typeof room !== 'string' || room === '') {
      return Promise.reject(new DrillError('bad_request', 'room must be a non-empty string'));
    }
    const fromSeq = options.fromSeq ?? null;
    return this.rooms.join(room, fromSeq === null ? null : Math.max(0, Math.floor(fromSeq) - 1));
  }

  leave(room: string): Promise<void> {
    return this.rooms.leave(room);
  }

  /** Retried with the same clientMsgId until acked; rejects with SendError (`fail` or `unknown`). */
  send(room: string, body: string): Promise<SendResult> {
    const refused = this.refusal();
    if (refused !== null) return Promise.reject(new SendError(refused.code, 'fail', { room }));
    return this.outbox.send({ room, clientMsgId: this.ids.next(), body });
  }

  /** Asks the server for the heads of every joined room and resolves when each is delivered up to it. */
  async sync(): Promise<void> {
    const connection = await this.connected();
    const heads = await this.refreshHeads(connection);
    await this.rooms.waitForHeads(heads);
  }

  async heads(rooms: string[]): Promise<Record<string, number>> {
    const connection = this.requireConnection();
    const reply = await connection.request(ClientEvents.heads, { rooms }, this.options.ackTimeoutMs);
    if (!reply.ok) throw serverError(reply.error);
    this.rooms.heads(reply.heads);
    return reply.heads;
  }

  async presence(room: string): Promise<PresenceResult> {
    const connection = this.requireConnection();
    const reply = await connection.request(ClientEvents.presence, { room }, this.options.ackTimeoutMs);
    if (!reply.ok) throw serverError(reply.error);
    return { enabled: reply.enabled, members: reply.members };
  }

  /** Stops everything; pending sends fail (`unknown` if they went out). Resolves when no socket or timer is left. */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    const error = new DrillError('closed', 'client closed');
    const connection = this.connection;
    const opening = this.opening;
    this.connection = null;
    this.opening = null;
    this.attemptId += 1;
    this.setState('closed');
    this.timers.clearAll();
    this.cancelRetryTimer = this.cancelShutdownTimer = this.cancelSyncTimer = null;
    this.stopWatchingHost?.();
    this.stopWatchingHost = null;
    const closings = [connection?.close(), opening?.close()];
    if (connection !== null) {
      this.counters.disconnects += 1;
      this.emitSafely('disconnected', { reason: 'io client disconnect', planned: true, url: connection.url });
    }
    this.outbox.failAll('closed');
    this.rooms.close(error);
    for (const waiter of this.connectWaiters.splice(0)) waiter.reject(error);
    this.closing = Promise.all(closings).then(() => undefined);
    return this.closing;
  }

  // ---- connection loop -------------------------------------------------------------------------

  private start(): void {
    this.finalError = null;
    this.failedAttempts = 0;
    this.waits = 0;
    this.attemptsSinceConnected = 0;
    this.authFailures = 0;
    this.stopWatchingHost ??= watchHostNetwork((online) => this.onHostNetwork(online));
    this.hostOffline = hostReportsOffline();
    if (this.hostOffline) this.setState('offline');
    else this.beginAttempt(false);
  }

  /** `pollingFallback`: the websocket just failed at the transport level; try long-polling on the same URL now. */
  private beginAttempt(pollingFallback: boolean): void {
    this.cancelRetryTimer?.();
    this.cancelRetryTimer = null;
    if (this.current === 'closed') return;
    this.attemptId += 1;
    if (!pollingFallback) this.attemptsSinceConnected += 1;
    const transport: TransportName = pollingFallback ? 'polling' : this.policy.pick(Date.now());
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    void this.openConnection(this.attemptId, this.currentUrl(), transport, pollingFallback);
  }

  private async openConnection(
    id: number,
    url: string,
    transport: TransportName,
    pollingFallback: boolean,
  ): Promise<void> {
    let token: string | undefined;
    try {
      token = await this.fetchToken();
    } catch (error) {
      if (id !== this.attemptId || this.current === 'closed') return;
      this.emitSafely('error', { code: 'token_failed', message: describe(error), url });
      this.afterFailedAttempt(false);
      return;
    }
    if (id !== this.attemptId || this.current === 'closed') return;
    const auth: HandshakeAuth = {};
    if (token !== undefined) auth.token = token;
    if (this.options.userId !== undefined) auth.userId = this.options.userId;
    if (this.everConnected) auth.resume = true;
    let connection: Connection;
    try {
      connection = new Connection(
        {
          url,
          transport,
          auth,
          connectTimeoutMs: this.options.connectTimeoutMs,
          socketOptions: this.options.socketOptions,
          timers: this.timers,
        },
        this.listenerFor(transport, pollingFallback),
      );
    } catch (error) {
      // socket.io-client throws synchronously on a URL it cannot parse.
      this.emitSafely('error', { code: 'connect_failed', message: describe(error), url });
      this.afterFailedAttempt(true);
      return;
    }
    this.opening = connection;
    connection.open();
  }

  /** A token function gets connectTimeoutMs to answer, so that a hung token service cannot stall the loop. */
  private fetchToken(): Promise<string | undefined> {
    const source = this.options.token;
    if (typeof source !== 'function') return Promise.resolve(source);
    const timeoutMs = this.options.connectTimeoutMs;
    return new Promise((resolve, reject) => {
      const cancel = this.timers.after(timeoutMs, () =>
        reject(new Error(`the token function did not answer within ${timeoutMs} ms`)),
      );
      Promise.resolve()
        .then(source)
        .then(
          (token: unknown) => {
            cancel();
            if (typeof token === 'string') resolve(token);
            else reject(new TypeError('the token function returned no string'));
          },
          (error: unknown) => {
            cancel();
            reject(error);
          },
        );
    });
  }

  private listenerFor(tried: TransportName, pollingFallback: boolean): ConnectionListener {
    return {
      opened: (connection) => this.onOpened(connection, pollingFallback),
      openFailed: (connection, failure) => this.onOpenFailed(connection, failure, tried),
      lost: (connection, reason) => {
        if (connection === this.connection)
          this.connectionGone(connection, reason, this.draining === connection);
      },
      message: (connection, message) => {
        if (connection === this.connection) this.rooms.message(message);
      },
      shutdown: (connection, notice) => this.onShutdownNotice(connection, notice),
      syncHint: (connection, hint) => {
        if (connection === this.connection) this.rooms.heads(hint.heads);
      },
      welcome: (connection, welcome) => {
        if (connection !== this.connection) return;
        this.servedBy = welcome.pod;
        this.emitSafely('welcome', { ...welcome, url: connection.url });
      },
    };
  }

  private onOpened(connection: Connection, pollingFallback: boolean): void {
    if (connection !== this.opening) {
      void connection.close();
      return;
    }
    this.opening = null;
    if (pollingFallback) this.policy.websocketBroken(Date.now());
    this.connection = connection;
    const attempt = this.attemptsSinceConnected;
    const resumed = this.everConnected;
    this.everConnected = true;
    this.failedAttempts = 0;
    this.waits = 0;
    this.attemptsSinceConnected = 0;
    this.authFailures = 0;
    this.caughtUp = false;
    this.counters.connects += 1;
    const transport = connection.transport;
    this.setState(transport === 'polling' ? 'polling' : 'live');
    this.emitSafely('connected', {
      url: connection.url,
      transport,
      socketId: connection.socketId ?? '',
      attempt,
      resumed,
    });
    if (this.connection !== connection) return;
    this.scheduleSync(connection);
    const resuming = this.rooms.online(this.rpcFor(connection));
    this.outbox.wake();
    void resuming.then((allCaughtUp) => {
      if (!allCaughtUp || this.connection !== connection) return;
      this.caughtUp = true;
      for (const waiter of this.connectWaiters.splice(0)) waiter.resolve();
    });
  }

  private onOpenFailed(connection: Connection, failure: ConnectFailure, tried: TransportName): void {
    if (connection !== this.opening) return;
    this.opening = null;
    if (failure.kind === 'rejected' && failure.data !== null) {
      const { code, retryable } = failure.data;
      if (!retryable) {
        this.emitSafely('error', { code, message: failure.message, url: connection.url });
        if (AUTH_CODES.has(code)) {
          this.authFailures += 1;
          if (this.authFailures >= this.options.maxAuthFailures) {
            this.giveUp(new DrillError(code, `handshake rejected ${this.authFailures} times: ${code}`));
            return;
          }
        }
      }
      this.afterFailedAttempt(true);
      return;
    }
    // Only a transport-level websocket failure hints at a path that refuses websockets.
    if (this.policy.shouldFallBack(tried) && !this.hostOffline) {
      this.beginAttempt(true);
      return;
    }
    this.afterFailedAttempt(true);
  }

  private afterFailedAttempt(rotate: boolean): void {
    if (this.current === 'closed') return;
    if (rotate) this.rotateUrl();
    this.failedAttempts += 1;
    if (this.failedAttempts >= this.options.maxAttempts) {
      this.giveUp(new DrillError('connect_failed', `no connection after ${this.failedAttempts} attempts`));
      return;
    }
    if (this.hostOffline) {
      this.setState('offline');
      return;
    }
    this.scheduleAttempt();
  }

  private scheduleAttempt(): void {
    this.cancelRetryTimer?.();
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    const delayMs = this.retryDelay(this.waits, undefined);
    this.waits += 1;
    this.cancelRetryTimer = this.timers.after(delayMs, () => {
      this.cancelRetryTimer = null;
      this.beginAttempt(false);
    });
  }

  private giveUp(error: DrillError): void {
    this.finalError = error;
    this.cancelRetryTimer?.();
    this.cancelRetryTimer = null;
    this.setState('offline');
    for (const waiter of this.connectWaiters.splice(0)) waiter.reject(error);
    this.outbox.failAll(error.code);
    this.rooms.failWaiters(error);
  }

  /** A connected socket is gone: lost, or left by us because its pod drains. */
  private connectionGone(connection: Connection, reason: string, planned: boolean): void {
    this.connection = null;
    this.caughtUp = false;
    this.draining = null;
    this.cancelShutdownTimer?.();
    this.cancelSyncTimer?.();
    this.cancelShutdownTimer = this.cancelSyncTimer = null;
    void connection.close();
    this.counters.disconnects += 1;
    this.rooms.offline();
    // A hung pod (ping timeout) or a draining one is best avoided on the next attempt.
    if (planned || reason === 'ping timeout') this.rotateUrl();
    this.setState(this.hostOffline ? 'offline' : 'reconnecting');
    this.emitSafely('disconnected', { reason, planned, url: connection.url });
    if (this.current !== 'reconnecting' || this.connection !== null || this.opening !== null) return;
    if (planned) this.beginAttempt(false);
    else this.scheduleAttempt();
  }

  private onShutdownNotice(connection: Connection, notice: ShutdownNotice): void {
    if (connection !== this.connection) return;
    const leaveInMs = Math.floor(this.options.random() * SHUTDOWN_SPREAD * timeLeft(notice));
    const alreadyDraining = this.draining === connection;
    this.draining = connection;
    this.emitSafely('shutdownNotice', { ...notice, url: connection.url, leaveInMs });
    if (alreadyDraining || this.connection !== connection) return;
    this.cancelShutdownTimer = this.timers.after(leaveInMs, () => {
      this.cancelShutdownTimer = null;
      if (this.connection === connection) this.connectionGone(connection, 'server shutdown', true);
    });
  }

  private onHostNetwork(online: boolean): void {
    if (this.current === 'closed') return;
    this.hostOffline = !online;
    if (!online) {
      // A connected socket is closed by engine.io itself on 'offline'; the loss is handled as any other.
      if (this.connection !== null) return;
      this.cancelRetryTimer?.();
      this.cancelRetryTimer = null;
      this.attemptId += 1;
      void this.opening?.close();
      this.opening = null;
      if (this.current !== 'idle') this.setState('offline');
      return;
    }
    if (this.current === 'offline' && this.finalError === null) this.beginAttempt(false);
  }

  // ---- requests --------------------------------------------------------------------------------

  private rpcFor(connection: Connection): RoomRpc {
    const timeoutMs = this.options.ackTimeoutMs;
    return {
      join: (request) => connection.request(ClientEvents.join, request, timeoutMs),
      fetch: (request) => connection.request(ClientEvents.fetch, request, timeoutMs),
      leave: (request) => connection.request(ClientEvents.leave, request, timeoutMs),
    };
  }

  private async attemptSend(request: SendRequest): Promise<AttemptOutcome> {
    const connection = this.connection;
    if (connection === null) return { kind: 'lost', reason: 'disconnected' };
    try {
      const reply = await connection.request(ClientEvents.send, request, this.options.ackTimeoutMs);
      return { kind: 'reply', reply };
    } catch (error) {
      const timedOut = error instanceof DrillError && error.code === 'timeout';
      return { kind: 'lost', reason: timedOut ? 'timeout' : 'disconnected' };
    }
  }

  private async refreshHeads(connection: Connection): Promise<Record<string, number>> {
    const rooms = this.rooms.names();
    if (rooms.length === 0) return {};
    const reply = await connection.request(ClientEvents.heads, { rooms }, this.options.ackTimeoutMs);
    if (!reply.ok) throw serverError(reply.error);
    this.rooms.heads(reply.heads);
    return reply.heads;
  }

  private scheduleSync(connection: Connection): void {
    if (this.options.syncIntervalMs <= 0) return;
    this.cancelSyncTimer = this.timers.after(this.options.syncIntervalMs, () => {
      this.cancelSyncTimer = null;
      if (this.connection !== connection) return;
      this.refreshHeads(connection)
        .catch(() => undefined)
        .finally(() => {
          if (this.connection === connection && this.cancelSyncTimer === null) this.scheduleSync(connection);
        });
    });
  }

  /** The current connection, waiting for a reconnect in progress; rejects when there is none to wait for. */
  private async connected(): Promise<Connection> {
    if (this.connection !== null) return this.connection;
    const refused = this.refusal();
    if (refused !== null) throw refused;
    if (this.current === 'idle') throw new DrillError('not_connected', 'connect() was not called');
    const waiter = deferred<void>();
    this.connectWaiters.push(waiter);
    await waiter.promise;
    return this.requireConnection();
  }

  private requireConnection(): Connection {
    if (this.connection === null) throw new DrillError('not_connected', 'not connected');
    return this.connection;
  }

  private refusal(): DrillError | null {
    if (this.current === 'closed') return new DrillError('closed', 'client is closed');
    return this.finalError;
  }

  // ---- small helpers ---------------------------------------------------------------------------

  private setState(to: ClientState): void {
    const from = this.current;
    if (from === to || from === 'closed') return;
    this.current = to;
    this.emitSafely('state', { from, to });
  }

  private retryDelay(failures: number, retryAfterMs: number | undefined): number {
    return Math.max(retryAfterMs ?? 0, backoffDelay(failures, this.options.backoff, this.options.random));
  }

  private currentUrl(): string {
    const url = this.options.urls[this.urlIndex % this.options.urls.length];
    if (url === undefined) throw new Error('unreachable: urls is never empty');
    return url;
  }

  private rotateUrl(): void {
    this.urlIndex = (this.urlIndex + 1) % this.options.urls.length;
  }
}

/** Time until the pod closes every connection, by its deadline, capped by drainMs against clock skew. */
function timeLeft(notice: ShutdownNotice): number {
  let left = notice.deadline - Date.now();
  if (!Number.isFinite(left)) left = notice.drainMs;
  if (Number.isFinite(notice.drainMs) && notice.drainMs > 0) left = Math.min(left, notice.drainMs);
  return Math.max(0, left);
}

function serverError(error: ErrorBody): DrillError {
  return new DrillError(error.code, error.message, {
    retryable: error.retryable,
    retryAfterMs: error.retryAfterMs,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
