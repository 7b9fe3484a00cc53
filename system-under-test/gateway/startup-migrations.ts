import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { isTransientDbError, type MessageStore } from './store/message-store.js';
import { migrate } from './store/migrations.js';

export interface MigrationWait {
  /** How long an unreachable database is retried before giving up (Infinity: forever). */
  waitMs: number;
  /** Stops the retries, e.g. once shutdown has begun; resolves false then. */
  cancelled?: () => boolean;
}

/** Runs the migrations, retrying while the database is unreachable. Resolves true once they ran. */
export async function migrateWhenReachable(
  store: MessageStore,
  log: Logger,
  { waitMs, cancelled = () => false }: MigrationWait,
): Promise<boolean> {
  const giveUpAt = Date.now() + waitMs;
  for (let attempt = 1; ; attempt++) {
    if (cancelled()) return false;
    try {
      const applied = await migrate(store.pool);
      log.info({ data: { applied } }, 'database migrations done');
      return true;
    } catch (err) {
      if (!isTransientDbError(err) || Date.now() > giveUpAt || cancelled()) throw err;
      if (attempt === 1) log.warn({ err: (err as Error).message }, 'database not reachable yet; retrying');
      await sleep(Math.min(200 * attempt, 2_000));
    }
  }
}
