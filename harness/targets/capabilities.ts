/**
 * What a system under test offers beyond plain Socket.IO. A target declares the ones it has; a
 * checker or a fault declares the ones it needs. A criterion whose needs the target lacks is judged
 * `not-applicable` (with the reason), never a pass; a fault whose needs it lacks is refused before
 * the run starts.
 */
export const CAPABILITIES = {
  acks: 'sends are acknowledged by the server (ok / fail / unknown outcomes)',
  'server-sequence': 'the server numbers the messages of a room (per-room seq on every delivery)',
  resume: 'after a reconnect the server replays what the client missed',
  'durable-store': 'a store the final audit can read: every committed message of a room',
  presence: 'a presence endpoint listing who is in a room',
  metrics: 'Prometheus metrics on each pod',
  health: 'a readiness endpoint on each pod',
  'database-health': 'a database health endpoint on each pod',
  'pod-identity': 'the pod serving each connection is known (the protocol tells it)',
  'jwt-auth': 'JWT verified at the handshake and on every resume',
  'shutdown-notice': 'a draining pod tells its clients before it goes (graceful shutdown timeline)',
  'chat-page': 'a browser chat page served by the gateway',
  'drill-protocol': "the reference gateway's own wire protocol (raw probes: abuse, floods, auth)",
} as const;

export type Capability = keyof typeof CAPABILITIES;

export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as Capability[];

/** The needs a set of capabilities lacks, in the order given. */
export function missingCapabilities(
  needs: readonly Capability[] | undefined,
  has: ReadonlySet<Capability> | readonly Capability[],
): Capability[] {
  const set = has instanceof Set ? has : new Set(has as readonly Capability[]);
  return (needs ?? []).filter((n) => !set.has(n));
}
