import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { VirtualUserConnection, VirtualUserOptions, WorkloadAdapter } from '../adapter.js';
import type { EmitStep, SocketIoEventsAdapterConfig, Template } from '../target.js';
import { correlationId, extractCorrelation } from './correlation.js';
import { parseSocketIoEventsConfig } from './schema.js';
import { renderTemplate, valueAt, type TemplateContext } from './template.js';

/** Settings of the adapter itself (not of the target): reconnection, timeouts, the final settle. */
export interface SocketIoEventsAdapterOptions {
  /** socket.io-client's own reconnection, with seeded jitter. */
  reconnection?: {
    /** First delay; default 200 ms. */
    initialMs?: number;
    /** Delay cap; default 5000 ms. */
    maxMs?: number;
    /** Share of the delay randomised away (0..1); default 0.5. */
    jitter?: number;
    /** Consecutive failed attempts before the user gives up; default 200. */
    maxAttempts?: number;
  };
  /** Handshake timeout per attempt; default 5000 ms. */
  connectTimeoutMs?: number;
  /** Ack timeout when a step says `acknowledge: true` without its own; default 5000 ms. */
  ackTimeoutMs?: number;
  /** sync(): resolves once no delivery arrived for this long (and no ack is pending); default 300 ms. */
  quietMs?: number;
}

/** State shared by the users of one adapter: who they are, and when each message went out. */
class Shared {
  readonly users = new Set<string>();
  /** correlation id → epoch ms it was emitted (the deliver event's committedAt). */
  readonly sentAt = new Map<string, number>();
}

/**
 * The declarative adapter: any Socket.IO chat configured by events and payload templates
 * (Artillery's emit / acknowledge / match vocabulary). Throws on an invalid config, listing every
 * problem with its path.
 */
export function createSocketIoEventsAdapter(
  config: SocketIoEventsAdapterConfig,
  options: SocketIoEventsAdapterOptions = {},
): WorkloadAdapter & { readonly namespaceBroadcast: boolean } {
  const valid = parseSocketIoEventsConfig(config);
  const shared = new Shared();
  return {
    kind: 'socketio-events',
    namespaceBroadcast: valid.join === undefined,
    createUser: (user) => new SocketIoEventsConnection(valid, options, shared, user),
  };
}

interface QueuedSend {
  room: string;
  body: string;
  correlationId: string;
  senderSeq: number;
  timer: NodeJS.Timeout | null;
}

interface Waiter {
  resolve(): void;
  reject(e: Error): void;
}

const RESERVED_REASONS_PLANNED = new Set(['io server disconnect', 'io client disconnect']);

export class SocketIoEventsConnection implements VirtualUserConnection {
  readonly id: string;
  readonly socket: Socket;
  lastError: string | null = null;
  private ready = false;
  /** Login (and join) completed at least once. */
  private everReady = false;
  private closed = false;
  private gaveUp: Error | null = null;
  private connectedOnce = false;
  private connectedAt = 0;
  private attempt = 0;
  /** Server-initiated disconnects in a row (each followed by a manual reconnect). */
  private kicks = 0;
  private kickTimer: NodeJS.Timeout | null = null;
  /** Bumped on every connect: a login or rejoin of an older session is ignored. */
  private session = 0;
  private room: string | null = null;
  /** client.join was recorded: deliveries count from now on. */
  private member = false;
  private pod: string | null = null;
  private senderSeq = 0;
  private inFlight = 0;
  private readonly queue: QueuedSend[] = [];
  private readyWaiters: Waiter[] = [];
  private lastActivity = Date.now();

  constructor(
    private readonly config: SocketIoEventsAdapterConfig,
    private readonly options: SocketIoEventsAdapterOptions,
    private readonly shared: Shared,
    private readonly user: VirtualUserOptions,
  ) {
    this.id = user.id;
    shared.users.add(user.id);
    const r = options.reconnection ?? {};
    const transports =
      config.transports ??
      (user.transport === 'websocket'
        ? ['websocket']
        : user.transport === 'polling'
          ? ['polling']
          : ['polling', 'websocket']);
    const socketOptions: Partial<ManagerOptions & SocketOptions> = {
      path: config.path ?? '/socket.io',
      transports: [...transports],
      withCredentials: config.cookies ?? true,
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionAttempts: r.maxAttempts ?? 200,
      reconnectionDelay: r.initialMs ?? 200,
      reconnectionDelayMax: r.maxMs ?? 5000,
      randomizationFactor: r.jitter ?? 0.5,
      timeout: options.connectTimeoutMs ?? 5000,
      ...(config.auth
        ? { auth: (cb: (data: object) => void) => cb(this.render(config.auth!) as object) }
        : {}),
      ...(config.query ? { query: this.render(config.query) as Record<string, string> } : {}),
    };
    const base = user.url.replace(/\/+$/, '');
    const namespace = config.namespace && config.namespace !== '/' ? config.namespace : '';
    this.socket = io(base + namespace, socketOptions);
    this.seedBackoff();
    this.wire();
  }

  get connected(): boolean {
    return this.ready;
  }

  get servedBy(): string | null {
    return this.ready ? this.pod : null;
  }

  get sendsInFlight(): number {
    return this.inFlight;
  }

  connect(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('closed'));
    if (this.ready) return Promise.resolve();
    const waiting = this.waitReady();
    if (!this.socket.active || this.gaveUp) {
      this.gaveUp = null;
      this.kicks = 0;
      this.attempt = 1;
      this.socket.connect();
    }
    return waiting;
  }

  async join(room: string): Promise<void> {
    this.room = room;
    for (;;) {
      await this.waitReady();
      const session = this.session;
      try {
        if (this.config.join) await this.emitStep(this.config.join, this.context(room), 'join');
      } catch (e) {
        if (session === this.session) throw e;
      }
      // Reconnected meanwhile: the new session's establish() joins the room too; wait for it.
      if (session === this.session) break;
    }
    if (!this.member) {
      this.member = true;
      this.user.sink.record({ type: 'client.join', client: this.id, room, fromSeq: 0 });
      this.user.sink.record({ type: 'client.resumed', client: this.id, room, replayed: 0, reset: false });
    }
  }

  send(room: string, body: string): void {
    const senderSeq = ++this.senderSeq;
    const id = correlationId(this.id, senderSeq);
    this.inFlight++;
    this.user.sink.record({ type: 'send.invoke', client: this.id, room, clientMsgId: id, senderSeq });
    const item: QueuedSend = { room, body, correlationId: id, senderSeq, timer: null };
    if (this.ready && this.queue.length === 0) {
      this.emitSend(item);
      return;
    }
    if (this.config.send.acknowledge) {
      // Never went out within the ack timeout: definitely not committed.
      item.timer = setTimeout(() => {
        const at = this.queue.indexOf(item);
        if (at < 0) return;
        this.queue.splice(at, 1);
        this.settle();
        this.user.sink.record({
          type: 'send.fail',
          client: this.id,
          room,
          clientMsgId: id,
          code: 'not_connected',
        });
      }, this.ackTimeout(this.config.send));
    }
    this.queue.push(item);
  }

  async sync(): Promise<void> {
    await this.waitReady();
    for (;;) {
      if (this.closed) throw new Error('closed');
      const quietFor = Date.now() - this.lastActivity;
      const quiet = this.options.quietMs ?? 300;
      if (this.inFlight === 0 && quietFor >= quiet) return;
      await new Promise((r) => setTimeout(r, this.inFlight > 0 ? 25 : quiet - quietFor));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.user.sink.record({ type: 'client.closed', client: this.id });
    if (this.kickTimer) clearTimeout(this.kickTimer);
    for (const item of this.queue.splice(0)) {
      if (item.timer) clearTimeout(item.timer);
      this.settle();
      if (this.config.send.acknowledge) {
        this.user.sink.record({
          type: 'send.fail',
          client: this.id,
          room: item.room,
          clientMsgId: item.correlationId,
          code: 'closed',
        });
      }
    }
    this.failWaiters(new Error('closed'));
    this.socket.disconnect();
  }

  // ---------------------------------------------------------------------------------------------

  private wire(): void {
    const { socket, config, user } = this;
    socket.on('connect', () => this.onConnect());
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', (err) => {
      const data = (err as Error & { data?: unknown }).data;
      this.lastError = `connect_error: ${err.message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`;
      // Refused by the server's middleware: socket.io-client will not retry by itself.
      if (!socket.active && !this.closed) this.reconnectLater();
    });
    socket.io.on('reconnect_attempt', () => {
      this.attempt++;
      if (config.query) socket.io.opts.query = this.render(config.query) as Record<string, string>;
    });
    socket.io.on('reconnect_failed', () => {
      this.lastError ??= 'reconnect_failed';
      this.giveUp(new Error(`gave up reconnecting: ${this.lastError}`));
    });
    socket.on(config.receive.on, (payload: unknown) => this.onReceive(payload));
    if (config.pod) {
      const { on, field } = config.pod;
      socket.on(on, (payload: unknown) => {
        const pod = valueAt(payload, field);
        if (typeof pod !== 'string' && typeof pod !== 'number') return;
        this.pod = String(pod);
        user.sink.record({ type: 'client.attach', client: this.id, pod: this.pod, zone: 'unknown' });
      });
    }
  }

  private onConnect(): void {
    const reconnect = this.connectedOnce;
    this.connectedOnce = true;
    this.connectedAt = Date.now();
    const transport = this.socket.io.engine?.transport?.name;
    this.user.sink.record({
      type: 'client.connect',
      client: this.id,
      pod: null,
      transport: transport === 'websocket' || transport === 'polling' ? transport : null,
      attempt: Math.max(1, this.attempt),
      reconnect,
    });
    this.attempt = 0;
    const session = ++this.session;
    void this.establish(session);
  }

  /** After every (re)connect: the in-band login, the room again, then sends may go. */
  private async establish(session: number): Promise<void> {
    try {
      if (this.config.login) await this.emitStep(this.config.login, this.context(this.room ?? ''), 'login');
      if (session !== this.session || this.closed) return;
      if (this.room !== null) {
        if (this.config.join) await this.emitStep(this.config.join, this.context(this.room), 'join');
        if (session !== this.session || this.closed) return;
      }
      if (this.room !== null && this.member) {
        this.user.sink.record({
          type: 'client.resumed',
          client: this.id,
          room: this.room,
          replayed: 0,
          reset: false,
        });
      }
      this.ready = true;
      this.everReady = true;
      this.lastActivity = Date.now();
      const waiters = this.readyWaiters;
      this.readyWaiters = [];
      for (const w of waiters) w.resolve();
      this.flush();
    } catch (e) {
      if (session !== this.session || this.closed) return;
      this.lastError = (e as Error).message;
      // Out, and in again after a backoff (a few times only if it never got in: then it gives up).
      this.socket.disconnect();
      this.reconnectLater();
    }
  }

  private onDisconnect(reason: string): void {
    this.ready = false;
    this.session++;
    this.user.sink.record({
      type: 'client.disconnect',
      client: this.id,
      pod: this.pod,
      reason,
      planned: RESERVED_REASONS_PLANNED.has(reason),
    });
    if (Date.now() - this.connectedAt > 5_000) this.kicks = 0;
    // The server closed the socket on purpose: socket.io-client leaves reconnecting to the app.
    if (reason === 'io server disconnect' && !this.closed) this.reconnectLater();
  }

  /** A manual reconnect after a seeded backoff, for the cases socket.io-client does not retry. */
  private reconnectLater(): void {
    if (this.closed || this.kickTimer) return;
    // Refused before ever getting in (bad auth, bad login): a few tries, then say why.
    const max = this.everReady ? (this.options.reconnection?.maxAttempts ?? 200) : 3;
    if (this.kicks >= max) {
      this.giveUp(
        new Error(`gave up after ${max} refused connections: ${this.lastError ?? 'server disconnect'}`),
      );
      return;
    }
    const delay = this.backoffDelay(this.kicks++);
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      if (this.closed || this.socket.connected) return;
      this.attempt++;
      if (this.config.query)
        this.socket.io.opts.query = this.render(this.config.query) as Record<string, string>;
      this.socket.connect();
    }, delay);
  }

  private giveUp(error: Error): void {
    this.gaveUp = error;
    this.failWaiters(error);
  }

  private failWaiters(error: Error): void {
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w.reject(error);
  }

  private waitReady(): Promise<void> {
    if (this.closed) return Promise.reject(new Error('closed'));
    if (this.ready) return Promise.resolve();
    if (this.gaveUp && !this.socket.active) return Promise.reject(this.gaveUp);
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  private onReceive(payload: unknown): void {
    this.lastActivity = Date.now();
    if (!this.member || this.room === null) return;
    const found = extractCorrelation(valueAt(payload, this.config.receive.field), this.shared.users);
    if (!found) return;
    this.user.sink.record({
      type: 'deliver',
      client: this.id,
      room: this.room,
      clientMsgId: found.correlationId,
      sender: found.sender,
      senderSeq: found.senderSeq,
      // No commit time in this protocol: the send time (same process) stands in for it.
      committedAt: this.shared.sentAt.get(found.correlationId) ?? Date.now(),
    });
  }

  private flush(): void {
    while (this.ready && this.queue.length > 0) {
      const item = this.queue.shift()!;
      if (item.timer) clearTimeout(item.timer);
      this.emitSend(item);
    }
  }

  private emitSend(item: QueuedSend): void {
    const { room, correlationId: clientMsgId, senderSeq } = item;
    const step = this.config.send;
    const data = this.dataOf(step, {
      ...this.context(room),
      body: item.body,
      correlationId: clientMsgId,
      senderSeq,
    });
    const started = Date.now();
    this.shared.sentAt.set(clientMsgId, started);
    this.lastActivity = started;
    if (!step.acknowledge) {
      this.socket.emit(step.emit, ...data);
      this.settle();
      return;
    }
    const base = { client: this.id, room, clientMsgId };
    this.socket
      .timeout(this.ackTimeout(step))
      .emit(step.emit, ...data, (err: Error | null, reply: unknown) => {
        this.settle();
        if (err) {
          const code = /timed out/.test(err.message) ? 'timeout' : 'disconnected';
          this.user.sink.record({ type: 'send.unknown', ...base, code });
        } else if (!this.matches(step, reply)) {
          this.user.sink.record({ type: 'send.fail', ...base, code: `rejected: ${short(reply)}` });
        } else {
          // This protocol numbers nothing: no seq (capability server-sequence absent).
          this.user.sink.record({
            type: 'send.ok',
            ...base,
            attempts: 1,
            latencyMs: Date.now() - started,
          });
        }
      });
  }

  private settle(): void {
    this.inFlight--;
    this.lastActivity = Date.now();
  }

  /** Emits a login or join step; with acknowledge, waits for the ack and checks its match. */
  private async emitStep(step: EmitStep, ctx: TemplateContext, what: string): Promise<void> {
    const data = this.dataOf(step, ctx);
    if (!step.acknowledge) {
      this.socket.emit(step.emit, ...data);
      return;
    }
    let reply: unknown;
    try {
      reply = await this.socket.timeout(this.ackTimeout(step)).emitWithAck(step.emit, ...data);
    } catch (e) {
      throw new Error(`${what} (${step.emit}): no ack: ${(e as Error).message}`);
    }
    if (!this.matches(step, reply)) throw new Error(`${what} (${step.emit}) refused: ${short(reply)}`);
  }

  private matches(step: EmitStep, reply: unknown): boolean {
    const match = typeof step.acknowledge === 'object' ? step.acknowledge.match : undefined;
    if (!match) return true;
    return valueAt(reply, match.path) === match.equals;
  }

  private ackTimeout(step: EmitStep): number {
    const own = typeof step.acknowledge === 'object' ? step.acknowledge.timeoutMs : undefined;
    return own ?? this.options.ackTimeoutMs ?? 5000;
  }

  private dataOf(step: EmitStep, ctx: TemplateContext): unknown[] {
    return step.data === undefined ? [] : [renderTemplate(step.data, ctx)];
  }

  private context(room: string): TemplateContext {
    return { user: this.id, room, ...(this.user.token ? { token: this.user.token() } : {}) };
  }

  private render(template: Record<string, Template>): unknown {
    return renderTemplate(template, this.context(this.room ?? ''));
  }

  private backoffDelay(attempt: number): number {
    const r = this.options.reconnection ?? {};
    const initial = r.initialMs ?? 200;
    const max = r.maxMs ?? 5000;
    const jitter = Math.min(1, Math.max(0, r.jitter ?? 0.5));
    const base = Math.min(max, initial * Math.pow(2, Math.max(0, attempt)));
    return Math.round(base * (1 - jitter * this.user.random()));
  }

  /** socket.io-client's backoff draws from Math.random; draw from the user's seeded stream instead. */
  private seedBackoff(): void {
    const backoff = (this.socket.io as unknown as { backoff?: { attempts: number; duration(): number } })
      .backoff;
    if (!backoff || typeof backoff.duration !== 'function') return;
    backoff.duration = () => this.backoffDelay(backoff.attempts++);
  }
}

function short(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
