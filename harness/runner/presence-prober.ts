import pLimit from 'p-limit';
import type { PodInfo } from '../env/provider.js';
import type { PresenceProbe, Unstamped } from '../history/events.js';
import type { HistorySink } from '../load/history-sink.js';

export interface PresenceProberOptions {
  /** Read at every tick: pods added at runtime are asked too. */
  pods: readonly PodInfo[];
  /** The rooms to list, read at every tick. */
  rooms: () => readonly string[];
  /** A bearer token for the observer, granting `room`. */
  token: (room: string) => string;
  sink: HistorySink;
  intervalMs: number;
  /** The presence TTL the gateways were given (recorded with every answer). */
  ttlMs: number;
  /** The target's presence path, with {room}; default /presence/{room}. */
  path?: string;
}

/** The user id of the harness's presence observer (it joins no room, so it is never listed). */
export const PRESENCE_OBSERVER = 'drill-presence-observer';

/** How many rooms are asked at once within a tick. */
const CONCURRENCY = 8;

/** The answer body of GET /presence/<room>, checked before it is trusted. */
export function presenceProbeFromBody(
  body: unknown,
  at: { room: string; pod: string; ttlMs: number; latencyMs: number },
): Unstamped<PresenceProbe> | null {
  if (typeof body !== 'object' || body === null) return null;
  const { enabled, members } = body as { enabled?: unknown; members?: unknown };
  if (typeof enabled !== 'boolean' || !Array.isArray(members)) return null;
  const pairs = new Map<string, [string, string]>();
  for (const m of members as unknown[]) {
    if (typeof m !== 'object' || m === null) continue;
    const { userId, pod } = m as { userId?: unknown; pod?: unknown };
    if (typeof userId !== 'string' || typeof pod !== 'string') continue;
    pairs.set(JSON.stringify([userId, pod]), [userId, pod]);
  }
  return { type: 'probe.presence', ...at, enabled, members: [...pairs.values()] };
}

/**
 * Asks the gateway who is present in each room, as an application's observer would: one GET
 * /presence/<room> per room per tick, straight to one pod (bypassing the load balancer, so its
 * balancing and the virtual users' traffic are untouched). The same pod is asked until it fails,
 * then the next one. Ticks never overlap; every request has a timeout.
 */
export class PresenceProber {
  private timer: NodeJS.Timeout | undefined;
  private inFlight = false;
  private stopped = false;
  private podIndex = 0;
  private readonly limit = pLimit(CONCURRENCY);

  constructor(private readonly opts: PresenceProberOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.probeAll(), this.opts.intervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.limit.clearQueue();
  }

  private async probeAll(): Promise<void> {
    if (this.inFlight || this.stopped || this.opts.pods.length === 0) return;
    this.inFlight = true;
    try {
      const pod = this.opts.pods[this.podIndex % this.opts.pods.length]!;
      const answers = await Promise.all(
        this.opts.rooms().map((room) => this.limit(() => this.probe(pod, room))),
      );
      if (answers.includes(false)) this.podIndex = (this.podIndex + 1) % this.opts.pods.length;
    } finally {
      this.inFlight = false;
    }
  }

  /** false when the pod did not answer usefully. */
  private async probe(pod: PodInfo, room: string): Promise<boolean> {
    const started = performance.now();
    try {
      const path = (this.opts.path ?? '/presence/{room}').replaceAll('{room}', encodeURIComponent(room));
      const res = await fetch(`${pod.url}${path}`, {
        headers: { authorization: `Bearer ${this.opts.token(room)}` },
        signal: AbortSignal.timeout(Math.max(1_000, this.opts.intervalMs)),
      });
      if (!res.ok) {
        await res.body?.cancel();
        return false;
      }
      const event = presenceProbeFromBody(await res.json(), {
        room,
        pod: pod.name,
        ttlMs: this.opts.ttlMs,
        latencyMs: Math.ceil(performance.now() - started),
      });
      if (event === null) return false;
      if (!this.stopped) this.opts.sink.record(event);
      return true;
    } catch {
      // A pod that does not answer lists nobody; the next tick asks another pod.
      return false;
    }
  }
}
