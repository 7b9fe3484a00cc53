import type { Socket } from 'socket.io';
import type { ConnectErrorData, ErrorCode, HandshakeAuth } from '../protocol.js';
import { AuthError, verifyToken, type Identity } from './auth.js';
import type { GatewayConfig } from './config.js';
import type { Metrics } from './metrics.js';
import type { SessionRegistry } from './sessions.js';

export interface HandshakeDeps {
  config: GatewayConfig;
  metrics: Metrics;
  sessions: SessionRegistry;
  isShuttingDown: () => boolean;
}

function refuse(code: ErrorCode, message: string, retryable: boolean): Error {
  const err = new Error(message) as Error & { data: ConnectErrorData };
  err.data = { code, retryable };
  return err;
}

function identify(auth: HandshakeAuth, socket: Socket, config: GatewayConfig): Identity {
  if (config.requireAuth) {
    if (
      config.defects.has('auth-skip-on-resume') &&
      auth.resume === true &&
      typeof auth.userId === 'string'
    ) {
      return { userId: auth.userId, rooms: ['*'], exp: undefined, token: undefined };
    }
    return verifyToken(auth.token, config.jwtSecrets);
  }
  if (typeof auth.token === 'string' && config.jwtSecrets.length > 0) {
    return verifyToken(auth.token, config.jwtSecrets);
  }
  const userId = typeof auth.userId === 'string' && auth.userId.length > 0 ? auth.userId : socket.id;
  return { userId, rooms: ['*'], exp: undefined, token: undefined };
}

/**
 * Socket.IO middleware run on every connection, first or resumed: each reconnect is a new
 * handshake, so the token is verified again every time (unless the auth-skip-on-resume defect is on).
 */
export function handshakeGuard(deps: HandshakeDeps) {
  return (socket: Socket, next: (err?: Error) => void) => {
    const { config, metrics, sessions } = deps;
    const reject = (code: ErrorCode, message: string, retryable: boolean) => {
      metrics.connectionsRejected.inc({ reason: code });
      next(refuse(code, message, retryable));
    };
    if (deps.isShuttingDown()) return reject('shutting_down', `pod ${config.pod} is shutting down`, true);
    if (sessions.active >= config.maxConnections) {
      return reject(
        'server_full',
        `pod ${config.pod} is at MAX_CONNECTIONS (${config.maxConnections})`,
        true,
      );
    }
    try {
      socket.data.identity = identify((socket.handshake.auth ?? {}) as HandshakeAuth, socket, config);
      next();
    } catch (err) {
      if (err instanceof AuthError) return reject('unauthorized', err.message, false);
      reject('internal', 'handshake failed', true);
    }
  };
}

/** Engine-level check: browsers send Origin, and CORS does not apply to the websocket upgrade. */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (allowed.length === 0 || allowed.includes('*') || origin === undefined) return true;
  return allowed.includes(origin);
}
