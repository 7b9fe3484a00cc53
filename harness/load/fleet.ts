import pLimit from 'p-limit';
import { sleep, withTimeout } from './sleep.js';
import type { VirtualUserConnection, WorkloadAdapter } from '../targets/adapter.js';
import type { HistorySink } from './history-sink.js';
import { forkSeed, seededRandom } from './random.js';
import { assignRooms } from './rooms.js';
import type { ScheduledSend } from './schedule.js';

export interface FleetOptions {
  url: string;
  clients: number;
  roomSize: number;
  /** Handshakes started per second during the ramp. */
  connectRatePerSecond: number;
  /** At most this many handshakes in flight at once. */
  connectConcurrency?: number;
  seed: number;
  sink: HistorySink;
  /** A token for each user, granting its room. */
  token?: (userId: string, room: string) => string;
  /** The target's workload adapter: the only code that speaks its protocol. */
  adapter: WorkloadAdapter;
  /** The transports the users may use; default websocket. */
  transport?: 'websocket' | 'polling' | 'auto';
}

export interface FleetStats {
  clients: number;
  connected: number;
  byPod: Record<string, number>;
  sendsInFlight: number;
}

/**
 * The virtual users of a run, in rooms, connected through the load balancer, each a connection of
 * the target's workload adapter. With a namespace-wide broadcast target every user is in one room.
 */
export class Fleet {
  readonly users: VirtualUserConnection[];
  readonly rooms: Record<string, string[]>;
  private readonly roomOf = new Map<string, string>();

  constructor(private readonly opts: FleetOptions) {
    const ids = Array.from({ length: opts.clients }, (_, i) => `vu-${String(i).padStart(5, '0')}`);
    this.rooms = assignRooms(ids, opts.adapter.namespaceBroadcast ? Math.max(1, ids.length) : opts.roomSize);
    for (const [room, members] of Object.entries(this.rooms))
      for (const m of members) this.roomOf.set(m, room);
    this.users = ids.map((id, i) => {
      const room = this.roomOf.get(id)!;
      const token = opts.token;
      return opts.adapter.createUser({
        id,
        url: opts.url,
        transport: opts.transport ?? 'websocket',
        random: seededRandom(forkSeed(opts.seed, `client-${i}`)),
        ...(token ? { token: () => token(id, room) } : {}),
        sink: opts.sink,
      });
    });
  }

  /** Connects every user at the configured rate and joins its room; resolves when all are in. */
  async connectAll(signal?: AbortSignal, onProgress?: () => void): Promise<void> {
    this.opts.sink.record({ type: 'rooms.assigned', rooms: this.rooms });
    const limit = pLimit(this.opts.connectConcurrency ?? 64);
    const gapMs = 1000 / this.opts.connectRatePerSecond;
    const started = Date.now();
    await Promise.all(
      this.users.map((user, i) =>
        limit(async () => {
          await sleep(Math.max(0, started + i * gapMs - Date.now()), signal);
          if (signal?.aborted) return;
          await user.connect();
          await user.join(this.roomOf.get(user.id)!);
          onProgress?.();
        }),
      ),
    );
  }

  /** Fires each scheduled send at its time (open model: never waits for earlier sends). */
  async drive(schedule: readonly ScheduledSend[], bodyBytes: number, signal?: AbortSignal): Promise<number> {
    const body = 'x'.repeat(bodyBytes);
    const started = Date.now();
    let sent = 0;
    for (const s of schedule) {
      if (signal?.aborted) break;
      const wait = started + s.at - Date.now();
      if (wait > 1) await sleep(wait, signal);
      if (signal?.aborted) break;
      const user = this.users[s.client];
      if (!user) continue;
      user.send(this.roomOf.get(user.id)!, body);
      sent++;
    }
    return sent;
  }

  /** Users without a connection now, with the adapter's last error for each. */
  unconnected(): Array<{ client: string; lastError: string | null }> {
    return this.users.filter((u) => !u.connected).map((u) => ({ client: u.id, lastError: u.lastError }));
  }

  stats(): FleetStats {
    const byPod: Record<string, number> = {};
    let connected = 0;
    let sendsInFlight = 0;
    for (const u of this.users) {
      sendsInFlight += u.sendsInFlight;
      if (!u.connected) continue;
      connected++;
      const pod = u.servedBy ?? 'unknown';
      byPod[pod] = (byPod[pod] ?? 0) + 1;
    }
    return { clients: this.users.length, connected, byPod, sendsInFlight };
  }

  /**
   * Waits for outstanding sends, then has every user catch up: the reference replays to its room's
   * head; a target without replay settles (in-flight acks, then a quiet period).
   */
  async finalSync(timeoutMs: number): Promise<{ synced: number; failed: string[] }> {
    const deadline = Date.now() + timeoutMs;
    while (this.users.some((u) => u.sendsInFlight > 0) && Date.now() < deadline) await sleep(50);
    const failed: string[] = [];
    const limit = pLimit(64);
    await Promise.all(
      this.users.map((u) =>
        limit(async () => {
          const left = deadline - Date.now();
          const ok = await withTimeout(
            u.sync().then(
              () => true,
              () => false,
            ),
            Math.max(0, left),
            false,
          );
          if (!ok) failed.push(u.id);
        }),
      ),
    );
    return { synced: this.users.length - failed.length, failed };
  }

  async closeAll(): Promise<void> {
    const limit = pLimit(128);
    await Promise.allSettled(this.users.map((u) => limit(() => u.close())));
  }
}
