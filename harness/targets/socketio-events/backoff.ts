// Reconnection backoff: socket.io-client's reconnection settings, the seeded backoff delay, and
// socket.io-client's own backoff patched to draw from the user's seeded stream.
import type { ManagerOptions, Socket } from 'socket.io-client';
import type { SocketIoEventsAdapterOptions } from './adapter.js';

type Reconnection = SocketIoEventsAdapterOptions['reconnection'];

/** socket.io-client's own reconnection settings, with the adapter's defaults. */
export function reconnectionOptions(
  reconnection: Reconnection,
): Pick<
  ManagerOptions,
  | 'reconnection'
  | 'reconnectionAttempts'
  | 'reconnectionDelay'
  | 'reconnectionDelayMax'
  | 'randomizationFactor'
> {
  const r = reconnection ?? {};
  return {
    reconnection: true,
    reconnectionAttempts: r.maxAttempts ?? 200,
    reconnectionDelay: r.initialMs ?? 200,
    reconnectionDelayMax: r.maxMs ?? 5000,
    randomizationFactor: r.jitter ?? 0.5,
  };
}

/** Exponential from initialMs, capped at maxMs, with a seeded share (jitter) randomised away. */
export function backoffDelay(reconnection: Reconnection, attempt: number, random: () => number): number {
  const r = reconnection ?? {};
  const initial = r.initialMs ?? 200;
  const max = r.maxMs ?? 5000;
  const jitter = Math.min(1, Math.max(0, r.jitter ?? 0.5));
  const base = Math.min(max, initial * Math.pow(2, Math.max(0, attempt)));
  return Math.round(base * (1 - jitter * random()));
}

/** socket.io-client's backoff draws from Math.random; draw from the user's seeded stream instead. */
export function seedBackoff(socket: Socket, delay: (attempt: number) => number): void {
  const backoff = (socket.io as unknown as { backoff?: { attempts: number; duration(): number } }).backoff;
  if (!backoff || typeof backoff.duration !== 'function') return;
  backoff.duration = () => delay(backoff.attempts++);
}
