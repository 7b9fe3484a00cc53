// The socketio-events workload adapter: its options and the factory. The parts, one job each:
// connection.ts (a user's lifecycle), send-queue.ts (sends and their outcomes), delivery.ts
// (recognising deliveries), steps.ts (emitting a configured step), backoff.ts (seeded reconnection).
import type { WorkloadAdapter } from '../adapter.js';
import type { SocketIoEventsAdapterConfig } from '../target.js';
import { SocketIoEventsConnection } from './connection.js';
import { Shared } from './delivery.js';
import { parseSocketIoEventsConfig } from './schema.js';

export { SocketIoEventsConnection };

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
