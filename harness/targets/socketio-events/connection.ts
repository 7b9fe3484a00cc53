// One virtual user's connection: its lifecycle (connect, establish with the in-band login and the
// room again, disconnect, the manual reconnect after a seeded backoff, close), joining, and sync().
// Sends go through its send queue (send-queue.ts); deliveries are recognised by delivery.ts.
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type { VirtualUserConnection, VirtualUserOptions } from '../adapter.js';
import type { SocketIoEventsAdapterConfig, Template } from '../target.js';
import type { SocketIoEventsAdapterOptions } from './adapter.js';
import { backoffDelay, reconnectionOptions, seedBackoff } from './backoff.js';
import { recordDelivery, type Shared } from './delivery.js';
import { SendQueue } from './send-queue.js';
import { emitStep } from './steps.js';
import { renderTemplate, valueAt, type TemplateContext } from './template.js';

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
  private readonly sends: SendQueue;
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
      ...reconnectionOptions(options.reconnection),
      timeout: options.connectTimeoutMs ?? 5000,
      ...(config.auth
        ? { auth: (cb: (data: object) => void) => cb(this.render(config.auth!) as object) }
        : {}),
      ...(config.query ? { query: this.render(config.query) as Record<string, string> } : {}),
    };
    const base = user.url.replace(/\/+$/, '');
    const namespace = config.namespace && config.namespace !== '/' ? config.namespace : '';
    this.socket = io(base + namespace, socketOptions);
    this.sends = new SendQueue({
      client: this.id,
      socket: this.socket,
      step: config.send,
      options,
      sink: user.sink,
      sentAt: shared.sentAt,
      isReady: () => this.ready,
      context: (room) => this.context(room),
      touch: (at) => {
        this.lastActivity = at;
      },
    });
    seedBackoff(this.socket, (attempt) => this.backoffDelay(attempt));
    this.wire();
  }

  get connected(): boolean {
    return this.ready;
  }

  get servedBy(): string | null {
    return this.ready ? this.pod : null;
  }

  get sendsInFlight(): number {
    return this.sends.inFlight;
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
        if (this.config.join)
          await emitStep(this.socket, this.config.join, this.context(room), 'join', this.options);
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
    this.sends.send(room, body);
  }

  async sync(): Promise<void> {
    await this.waitReady();
    for (;;) {
      if (this.closed) throw new Error('closed');
      const quietFor = Date.now() - this.lastActivity;
      const quiet = this.options.quietMs ?? 300;
      const inFlight = this.sends.inFlight;
      if (inFlight === 0 && quietFor >= quiet) return;
      await new Promise((r) => setTimeout(r, inFlight > 0 ? 25 : quiet - quietFor));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.user.sink.record({ type: 'client.closed', client: this.id });
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.sends.failAll();
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
      if (this.config.login)
        await emitStep(this.socket, this.config.login, this.context(this.room ?? ''), 'login', this.options);
      if (session !== this.session || this.closed) return;
      if (this.room !== null) {
        if (this.config.join)
          await emitStep(this.socket, this.config.join, this.context(this.room), 'join', this.options);
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
      this.sends.flush();
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
    recordDelivery(this.user.sink, this.shared, this.id, this.room, this.config.receive.field, payload);
  }

  private context(room: string): TemplateContext {
    return { user: this.id, room, ...(this.user.token ? { token: this.user.token() } : {}) };
  }

  private render(template: Record<string, Template>): unknown {
    return renderTemplate(template, this.context(this.room ?? ''));
  }

  private backoffDelay(attempt: number): number {
    return backoffDelay(this.options.reconnection, attempt, () => this.user.random());
  }
}
