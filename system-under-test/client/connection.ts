import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import {
  ServerEvents,
  type ChatMessage,
  type ConnectErrorData,
  type HandshakeAuth,
  type ShutdownNotice,
  type SyncHint,
  type Welcome,
} from '../protocol.js';
import { DrillError } from './errors.js';
import {
  isChatMessage,
  isShutdownNotice,
  isWelcome,
  parseConnectErrorData,
  parseSyncHint,
  replyParsers,
  type RequestEvent,
  type RequestMap,
} from './replies.js';
import { startTimer, type CancelTimer, type TimerSet } from './timers.js';
import type { TransportName } from './transport-policy.js';

export interface ConnectionParams {
  url: string;
  transport: TransportName;
  auth: HandshakeAuth;
  connectTimeoutMs: number;
  socketOptions: Partial<ManagerOptions & SocketOptions>;
  timers: TimerSet;
}

/** Called synchronously from socket.io's callbacks, so nothing the server sends can overtake `opened`. */
export interface ConnectionListener {
  opened(connection: Connection): void;
  openFailed(connection: Connection, failure: ConnectFailure): void;
  /** A connected socket was lost (not by close()). */
  lost(connection: Connection, reason: string): void;
  message(connection: Connection, message: ChatMessage): void;
  shutdown(connection: Connection, notice: ShutdownNotice): void;
  syncHint(connection: Connection, hint: SyncHint): void;
  welcome(connection: Connection, welcome: Welcome): void;
}

/**
 * `rejected`: the server answered the handshake with `ConnectErrorData`. `transport`: the transport
 * itself failed (refused, reset, upgrade denied). `timeout`: no answer within connectTimeoutMs.
 */
export class ConnectFailure extends Error {
  override readonly name = 'ConnectFailure';

  constructor(
    readonly kind: 'rejected' | 'transport' | 'timeout',
    message: string,
    readonly data: ConnectErrorData | null = null,
  ) {
    super(message);
  }
}

interface PendingRequest {
  reject(error: DrillError): void;
  cancelTimer: CancelTimer;
}

/** How long close() lets a Node websocket finish its closing handshake before cutting it. */
const CLOSE_GRACE_MS = 1000;

/** One socket.io connection attempt and, if it succeeds, the connection: requests with timeouts, validated events. */
export class Connection {
  readonly url: string;
  private phase: 'opening' | 'open' | 'closed' = 'opening';
  private readonly socket: Socket;
  private readonly timers: TimerSet;
  private readonly connectTimeoutMs: number;
  private cancelOpenTimer: CancelTimer | null = null;
  private readonly pending = new Map<number, PendingRequest>();
  private nextRequestId = 0;
  private closing: Promise<void> | null = null;

  constructor(
    params: ConnectionParams,
    private readonly listener: ConnectionListener,
  ) {
    this.url = params.url;
    this.timers = params.timers;
    this.connectTimeoutMs = params.connectTimeoutMs;
    const passedAuth = params.socketOptions.auth;
    this.socket = io(params.url, {
      ...params.socketOptions,
      auth: { ...(typeof passedAuth === 'object' ? passedAuth : {}), ...params.auth },
      forceNew: true,
      reconnection: false,
      autoConnect: false,
      transports: [params.transport],
      upgrade: false,
      timeout: params.connectTimeoutMs,
    });
    this.subscribe();
  }

  /** Starts the attempt; the listener then hears `opened` or `openFailed` (possibly before open() returns). */
  open(): void {
    if (this.phase !== 'opening' || this.cancelOpenTimer !== null) return;
    const timeoutMs = this.connectTimeoutMs;
    this.cancelOpenTimer = this.timers.after(timeoutMs, () =>
      this.failOpen(new ConnectFailure('timeout', `no connection within ${timeoutMs} ms`)),
    );
    this.socket.connect();
  }

  get isOpen(): boolean {
    return this.phase === 'open';
  }

  get socketId(): string | null {
    return this.socket.id ?? null;
  }

  /** The transport the engine actually uses. */
  get transport(): TransportName {
    return this.socket.io.engine?.transport?.name === 'polling' ? 'polling' : 'websocket';
  }

  /** Resolves with the server's (validated) reply; rejects with DrillError `timeout`, `disconnected` or `not_connected`. */
  request<E extends RequestEvent>(
    event: E,
    payload: RequestMap[E]['request'],
    timeoutMs: number,
  ): Promise<RequestMap[E]['reply']> {
    if (this.phase !== 'open')
      return Promise.reject(new DrillError('not_connected', `${event}: not connected`));
    return new Promise((resolve, reject) => {
      const id = this.nextRequestId++;
      const cancelTimer = this.timers.after(timeoutMs, () => {
        this.pending.delete(id);
        reject(new DrillError('timeout', `${event}: no reply within ${timeoutMs} ms`, { retryable: true }));
      });
      this.pending.set(id, { reject, cancelTimer });
      this.socket.emit(event, payload, (raw: unknown) => {
        if (!this.pending.delete(id)) return;
        cancelTimer();
        resolve(replyParsers[event](raw));
      });
    });
  }

  /** Closes from our side; the listener hears nothing more. Resolves once the socket is really gone. */
  close(): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.phase = 'closed';
    this.stopOpenTimer();
    this.rejectPending();
    const rawSocket = nodeWebSocketOf(this.socket);
    this.socket.off();
    this.socket.disconnect();
    this.closing = rawSocket === null ? Promise.resolve() : finishClosing(rawSocket);
    return this.closing;
  }

  private subscribe(): void {
    const socket = this.socket;
    socket.on('connect', () => {
      if (this.phase !== 'opening') return;
      this.phase = 'open';
      this.stopOpenTimer();
      this.listener.opened(this);
    });
    socket.on('connect_error', (error: Error & { data?: unknown }) => {
      const data = parseConnectErrorData(error.data);
      this.failOpen(
        data === null
          ? new ConnectFailure('transport', error.message)
          : new ConnectFailure('rejected', error.message, data),
      );
    });
    socket.on('disconnect', (reason: string) => {
      if (this.phase !== 'open') return;
      void this.close();
      this.listener.lost(this, reason);
    });
    socket.on(ServerEvents.welcome, (welcome: unknown) => {
      if (this.phase === 'open' && isWelcome(welcome)) this.listener.welcome(this, welcome);
    });
    socket.on(ServerEvents.message, (message: unknown) => {
      if (this.phase === 'open' && isChatMessage(message)) this.listener.message(this, message);
    });
    socket.on(ServerEvents.shutdown, (notice: unknown) => {
      if (this.phase === 'open' && isShutdownNotice(notice)) this.listener.shutdown(this, notice);
    });
    socket.on(ServerEvents.sync, (raw: unknown) => {
      const hint = parseSyncHint(raw);
      if (this.phase === 'open' && hint !== null) this.listener.syncHint(this, hint);
    });
  }

  private failOpen(failure: ConnectFailure): void {
    if (this.phase !== 'opening') return;
    void this.close();
    this.listener.openFailed(this, failure);
  }

  private stopOpenTimer(): void {
    this.cancelOpenTimer?.();
    this.cancelOpenTimer = null;
  }

  private rejectPending(): void {
    for (const [id, request] of this.pending) {
      this.pending.delete(id);
      request.cancelTimer();
      request.reject(new DrillError('disconnected', 'connection lost before the reply', { retryable: true }));
    }
  }
}

/** The `ws` WebSocket under engine.io in Node; browsers' WebSocket has no `terminate` and is left alone. */
interface NodeWebSocket {
  readonly readyState: number;
  terminate(): void;
  once(event: 'close', listener: () => void): unknown;
}

function nodeWebSocketOf(socket: Socket): NodeWebSocket | null {
  const transport: unknown = socket.io.engine?.transport;
  if (typeof transport !== 'object' || transport === null || !('ws' in transport)) return null;
  const ws: unknown = transport.ws;
  if (
    typeof ws === 'object' &&
    ws !== null &&
    'terminate' in ws &&
    typeof ws.terminate === 'function' &&
    'once' in ws &&
    typeof ws.once === 'function' &&
    'readyState' in ws &&
    typeof ws.readyState === 'number'
  ) {
    return ws as NodeWebSocket;
  }
  return null;
}

// `ws` waits up to 30 s for the peer's close frame; a hung pod would keep the process alive that long.
function finishClosing(ws: NodeWebSocket): Promise<void> {
  const CLOSED = 3;
  if (ws.readyState === CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cancel = startTimer(() => {
      ws.terminate();
      resolve();
    }, CLOSE_GRACE_MS);
    ws.once('close', () => {
      cancel();
      resolve();
    });
  });
}
