import type { PresenceEntry } from '../protocol.js';
import type { RedisLink } from './redis-link.js';

// Presence per room is a sorted set whose score is each entry's expiry time: an entry not
// refreshed within the TTL drops out of every listing, which is how a crashed pod's users vanish.
const key = (room: string) => `presence:${room}`;
const member = (e: Pick<PresenceEntry, 'userId' | 'socketId' | 'pod'>) =>
  JSON.stringify([e.userId, e.socketId, e.pod]);

export interface PresenceSubject {
  userId: string;
  socketId: string;
  rooms: Iterable<string>;
}

export class Presence {
  constructor(
    private readonly redis: RedisLink | undefined,
    private readonly pod: string,
    private readonly ttlMs: number,
    private readonly neverExpire: boolean,
  ) {}

  get enabled(): boolean {
    return this.redis?.isUp ?? false;
  }

  /** The command client while Redis is up; undefined means presence is disabled. */
  private get cmd() {
    return this.redis?.isUp ? this.redis.cmd : undefined;
  }

  /** Adds or refreshes entries; silently skipped while Redis is down (presence disabled). */
  async refresh(subjects: Iterable<PresenceSubject>): Promise<void> {
    const cmd = this.cmd;
    if (!cmd) return;
    const expiresAt = this.neverExpire ? Number.MAX_SAFE_INTEGER : Date.now() + this.ttlMs;
    const batch = cmd.pipeline();
    let count = 0;
    for (const s of subjects) {
      for (const room of s.rooms) {
        batch.zadd(key(room), expiresAt, member({ ...s, pod: this.pod }));
        if (!this.neverExpire) batch.pexpire(key(room), this.ttlMs * 2);
        count++;
      }
    }
    if (count > 0) await batch.exec().catch(() => undefined);
  }

  async remove(userId: string, socketId: string, rooms: Iterable<string>): Promise<void> {
    const cmd = this.cmd;
    if (!cmd) return;
    const batch = cmd.pipeline();
    for (const room of rooms) batch.zrem(key(room), member({ userId, socketId, pod: this.pod }));
    await batch.exec().catch(() => undefined);
  }

  async list(room: string): Promise<PresenceEntry[]> {
    const cmd = this.cmd;
    if (!cmd) return [];
    const now = Date.now();
    const raw = await cmd.zrangebyscore(key(room), now, '+inf', 'WITHSCORES');
    void cmd.zremrangebyscore(key(room), '-inf', now - 1).catch(() => undefined);
    const entries: PresenceEntry[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const [userId, socketId, pod] = JSON.parse(raw[i] as string) as [string, string, string];
      entries.push({ userId, socketId, pod, expiresAt: Number(raw[i + 1]) });
    }
    return entries;
  }
}
