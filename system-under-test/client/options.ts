import type { ManagerOptions, SocketOptions } from 'socket.io-client';
import { resolveBackoff, type BackoffOptions } from './backoff.js';
import { randomHex } from './ids.js';
import type { TransportMode } from './transport-policy.js';

export type TokenSource = string | (() => string | Promise<string>);

export interface DrillClientOptions {
  /** One URL (a load balancer) or several pods; the client rotates after a failed attempt or a shutdown. */
  urls: string[];
  /** Sent as handshake `auth.token`; a function is called anew on every connection attempt. */
  token?: TokenSource;
  /** Sent as handshake `auth.userId` (gateways running without auth). */
  userId?: string;
  transport?: TransportMode;
  websocketRetryAfterMs?: number;
  backoff?: Partial<BackoffOptions>;
  connectTimeoutMs?: number;
  ackTimeoutMs?: number;
  /** Total time a send is retried before it fails with outcome `unknown`. */
  sendTimeoutMs?: number;
  maxInFlight?: number;
  fetchLimit?: number;
  /** 0 = off; otherwise `room:heads` + gap fill at this period while connected. */
  syncIntervalMs?: number;
  /** Consecutive failed connection attempts before going offline for good. */
  maxAttempts?: number;
  /** Handshakes rejected as unauthorized/forbidden/origin_not_allowed before going offline for good. */
  maxAuthFailures?: number;
  /** Seedable randomness for jitter, shutdown spread and ids. */
  random?: () => number;
  /** Prefix of every clientMsgId; random by default. */
  clientId?: string;
  /** Passed to socket.io-client; the SDK's own reconnect and transport settings win. */
  socketOptions?: Partial<ManagerOptions & SocketOptions>;
}

export interface ResolvedOptions {
  urls: string[];
  token: TokenSource | undefined;
  userId: string | undefined;
  transport: TransportMode;
  websocketRetryAfterMs: number;
  backoff: BackoffOptions;
  connectTimeoutMs: number;
  ackTimeoutMs: number;
  sendTimeoutMs: number;
  maxInFlight: number;
  fetchLimit: number;
  syncIntervalMs: number;
  maxAttempts: number;
  maxAuthFailures: number;
  random: () => number;
  clientId: string;
  socketOptions: Partial<ManagerOptions & SocketOptions>;
}

export function resolveOptions(options: DrillClientOptions): ResolvedOptions {
  if (!Array.isArray(options.urls) || options.urls.length === 0) {
    throw new TypeError('DrillClient: `urls` needs at least one URL');
  }
  const random = options.random ?? Math.random;
  const resolved: ResolvedOptions = {
    urls: [...options.urls],
    token: options.token,
    userId: options.userId,
    transport: options.transport ?? 'auto',
    websocketRetryAfterMs: options.websocketRetryAfterMs ?? 60_000,
    backoff: resolveBackoff(options.backoff),
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
    ackTimeoutMs: options.ackTimeoutMs ?? 5000,
    sendTimeoutMs: options.sendTimeoutMs ?? 30_000,
    maxInFlight: options.maxInFlight ?? 16,
    fetchLimit: options.fetchLimit ?? 500,
    syncIntervalMs: options.syncIntervalMs ?? 0,
    maxAttempts: options.maxAttempts ?? Infinity,
    maxAuthFailures: options.maxAuthFailures ?? 3,
    random,
    clientId: options.clientId ?? randomHex(random, 12),
    socketOptions: options.socketOptions ?? {},
  };
  for (const key of [
    'connectTimeoutMs',
    'ackTimeoutMs',
    'sendTimeoutMs',
    'maxInFlight',
    'fetchLimit',
  ] as const) {
    if (!(resolved[key] > 0)) throw new RangeError(`DrillClient: \`${key}\` must be > 0`);
  }
  for (const key of ['websocketRetryAfterMs', 'syncIntervalMs'] as const) {
    if (!(resolved[key] >= 0)) throw new RangeError(`DrillClient: \`${key}\` must be >= 0`);
  }
  for (const key of ['maxAttempts', 'maxAuthFailures'] as const) {
    if (!(resolved[key] >= 1)) throw new RangeError(`DrillClient: \`${key}\` must be >= 1`);
  }
  return resolved;
}
