// A bare Socket.IO handshake, without the client SDK (no reconnect, no resume, no outbox): what an
// attacker, a probe or a connection flood does. The security faults share it.
import { io, type Socket } from 'socket.io-client';
import { ServerEvents, type HandshakeAuth } from '../targets/drill/protocol.js';

export interface HandshakeResult {
  /** accepted: connected; refused: connect_error with the gateway's code; error: the transport failed. */
  outcome: 'accepted' | 'refused' | 'timeout' | 'error';
  code: string | null;
  message: string;
  /** The pod that welcomed it (accepted only, when the welcome came in time). */
  pod: string | null;
  /** The open socket (accepted only); the caller closes it. */
  socket: Socket | null;
}

/** How long an accepted socket waits for the welcome that names its pod. */
const WELCOME_WAIT_MS = 1_000;

function codeOf(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || !('code' in data)) return null;
  return typeof data.code === 'string' ? data.code : null;
}

/** Opens one websocket connection with this handshake auth; settles within about timeoutMs + 1 s. */
export function handshake(url: string, auth: HandshakeAuth, timeoutMs: number): Promise<HandshakeResult> {
  const socket = io(url, {
    auth: { ...auth },
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    transports: ['websocket'],
    upgrade: false,
    timeout: timeoutMs,
  });
  return new Promise((resolve) => {
    let pod: string | null = null;
    let settled = false;
    let welcomeTimer: NodeJS.Timeout | undefined;
    const finish = (result: Omit<HandshakeResult, 'pod' | 'socket'>, keep: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(welcomeTimer);
      if (!keep) {
        socket.off();
        socket.disconnect();
      }
      resolve({ ...result, pod, socket: keep ? socket : null });
    };
    const accepted = (message: string) => finish({ outcome: 'accepted', code: null, message }, true);
    const deadline = setTimeout(
      () => finish({ outcome: 'timeout', code: null, message: `no answer within ${timeoutMs} ms` }, false),
      timeoutMs + WELCOME_WAIT_MS,
    );
    socket.on(ServerEvents.welcome, (welcome: unknown) => {
      if (
        typeof welcome === 'object' &&
        welcome !== null &&
        'pod' in welcome &&
        typeof welcome.pod === 'string'
      )
        pod = welcome.pod;
      if (socket.connected) accepted('connected');
    });
    socket.on('connect', () => {
      if (pod !== null) accepted('connected');
      else welcomeTimer = setTimeout(() => accepted('connected (no welcome)'), WELCOME_WAIT_MS);
    });
    socket.on('connect_error', (err: Error & { data?: unknown }) => {
      const code = codeOf(err.data);
      finish({ outcome: code === null ? 'error' : 'refused', code, message: err.message }, false);
    });
    socket.connect();
  });
}

/** Closes a socket this module opened; resolves once its transport is gone (or after 1 s). */
export function closeSocket(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.off();
    if (!socket.connected) {
      socket.disconnect();
      resolve();
      return;
    }
    const engine = socket.io.engine;
    const timer = setTimeout(resolve, 1_000);
    engine.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.disconnect();
  });
}
