import pg from 'pg';
import type { ChatMessage, RoomPage } from '../../protocol.js';

// bigint columns come back as strings by default; seqs stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

export interface AppendResult {
  seq: number;
  duplicate: boolean;
  committedAt: number;
}

interface MessageRow {
  room: string;
  seq: number;
  client_msg_id: string;
  sender: string;
  body: string;
  committed_at: Date;
}

const toMessage = (r: MessageRow): ChatMessage => ({
  room: r.room,
  seq: r.seq,
  clientMsgId: r.client_msg_id,
  sender: r.sender,
  body: r.body,
  committedAt: r.committed_at.getTime(),
});

export interface StoreOptions {
  url: string;
  poolMax: number;
  /**
   * Connections kept open while idle (at most poolMax), opened at start and again after any is
   * lost. A connection opened on demand costs a round trip before its query, so under database
   * latency a send finding no idle connection took two round trips instead of one.
   */
  poolMin: number;
  /** How long a connection above poolMin may stay idle before it is closed; 0: never. */
  idleTimeoutMs: number;
  timeoutMs: number;
  onPoolError: (err: Error) => void;
  /** The health-shares-pool defect: every ping waits for a connection of the send pool, as before the fix. */
  healthSharesPool?: boolean;
}

/** How often the pool is topped up to its minimum when connections were lost (failover, restart). */
export const KEEP_WARM_INTERVAL_MS = 1_000;

export class MessageStore {
  readonly pool: pg.Pool;
  /** Health pings get their own connection: a saturated pool must not make a live database look dead. */
  private readonly healthPool: pg.Pool;
  private pingInFlight: Promise<void> | undefined;
  private warming: Promise<void> | undefined;
  private readonly keepWarmTimer: NodeJS.Timeout | undefined;
  private readonly poolMin: number;

  constructor(private readonly opts: StoreOptions) {
    const poolMin = Math.min(opts.poolMin, opts.poolMax);
    this.poolMin = poolMin;
    this.pool = new pg.Pool({
      connectionString: opts.url,
      max: opts.poolMax,
      // pg-pool never closes an idle connection that would take the pool below `min`.
      min: poolMin,
      connectionTimeoutMillis: opts.timeoutMs,
      // Client-side bound so a blackholed database fails requests instead of hanging them.
      query_timeout: opts.timeoutMs * 2,
      idleTimeoutMillis: opts.idleTimeoutMs,
      application_name: 'drill-gateway',
    });
    this.healthPool = new pg.Pool({
      connectionString: opts.url,
      max: 1,
      connectionTimeoutMillis: opts.timeoutMs,
      idleTimeoutMillis: 10_000,
      application_name: 'drill-gateway-health',
    });
    // An idle client losing its server (failover, restart) must not crash the process.
    this.pool.on('error', opts.onPoolError);
    this.healthPool.on('error', () => undefined);
    if (poolMin > 0) {
      void this.warm();
      this.keepWarmTimer = setInterval(() => void this.warm(), KEEP_WARM_INTERVAL_MS).unref();
    }
  }

  /**
   * Opens connections until the pool holds its minimum; one top-up at a time. It checks out as many
   * connections as the minimum lacks beyond those busy (idle ones first, then new ones, as pg-pool
   * hands them out) and returns each as soon as it has it. Not while requests wait for a
   * connection: the pool is busy then, not cold. A failure waits for the next tick.
   */
  warm(): Promise<void> {
    this.warming ??= this.topUp().finally(() => (this.warming = undefined));
    return this.warming;
  }

  private async topUp(): Promise<void> {
    const { pool, poolMin: min } = this;
    if (pool.ending || pool.totalCount >= min || pool.waitingCount > 0) return;
    const wanted = min - (pool.totalCount - pool.idleCount);
    await Promise.allSettled(
      Array.from({ length: wanted }, () => pool.connect().then((client) => client.release())),
    );
  }

  async append(room: string, clientMsgId: string, sender: string, body: string, idempotent = true) {
    const { rows } = await this.pool.query<{ seq: number; duplicate: boolean; committed_at: Date }>(
      'SELECT seq, duplicate, committed_at FROM drill_append($1, $2, $3, $4, $5)',
      [room, clientMsgId, sender, body, idempotent],
    );
    const row = rows[0];
    if (!row) throw new Error('drill_append returned no row');
    return { seq: row.seq, duplicate: row.duplicate, committedAt: row.committed_at.getTime() };
  }

  async head(room: string): Promise<number> {
    const { rows } = await this.pool.query<{ last_seq: number }>(
      'SELECT last_seq FROM rooms WHERE room = $1',
      [room],
    );
    return rows[0]?.last_seq ?? 0;
  }

  async heads(rooms: string[]): Promise<Record<string, number>> {
    const heads: Record<string, number> = Object.fromEntries(rooms.map((r) => [r, 0]));
    if (rooms.length === 0) return heads;
    const { rows } = await this.pool.query<{ room: string; last_seq: number }>(
      'SELECT room, last_seq FROM rooms WHERE room = ANY($1)',
      [rooms],
    );
    for (const r of rows) heads[r.room] = r.last_seq;
    return heads;
  }

  /**
   * Messages after `after`, one batch. A gap wider than `retentionMaxGap`, or a client ahead of
   * the database, is answered with `reset` so the client jumps to the head.
   */
  async page(room: string, after: number, limit: number, retentionMaxGap: number): Promise<RoomPage> {
    const head = await this.head(room);
    if (head - after > retentionMaxGap || after > head) {
      return { room, head, messages: [], more: false, reset: true };
    }
    if (after === head) return { room, head, messages: [], more: false, reset: false };
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT room, seq, client_msg_id, sender, body, committed_at
         FROM messages WHERE room = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [room, after, limit],
    );
    const messages = rows.map(toMessage);
    const last = messages.at(-1)?.seq ?? after;
    const newHead = Math.max(head, last);
    return { room, head: newHead, messages, more: last < newHead, reset: false };
  }

  /** All messages of a room, for tests and the harness's final audit. */
  async all(room: string): Promise<ChatMessage[]> {
    const { rows } = await this.pool.query<MessageRow>(
      `SELECT room, seq, client_msg_id, sender, body, committed_at FROM messages WHERE room = $1 ORDER BY seq`,
      [room],
    );
    return rows.map(toMessage);
  }

  /** One `SELECT 1` at a time, shared by every caller meanwhile (readiness, liveness, the monitor). */
  ping(): Promise<void> {
    if (this.opts.healthSharesPool) {
      return this.pool
        .query({ text: 'SELECT 1', query_timeout: this.opts.timeoutMs } as pg.QueryConfig)
        .then(() => undefined);
    }
    this.pingInFlight ??= this.healthPool
      .query({ text: 'SELECT 1', query_timeout: this.opts.timeoutMs } as pg.QueryConfig)
      .then(() => undefined)
      .finally(() => (this.pingInFlight = undefined));
    return this.pingInFlight;
  }

  async close(): Promise<void> {
    clearInterval(this.keepWarmTimer);
    await Promise.all([this.pool.end(), this.healthPool.end()]);
  }
}

const RETRYABLE_SQLSTATE_CLASSES = ['08', '53', '57', '40', 'XX'];

/** True for errors a later retry may not hit: connection loss, timeouts, failover, shutdown. */
export function isTransientDbError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as Error & { code?: unknown }).code;
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return RETRYABLE_SQLSTATE_CLASSES.includes(code.slice(0, 2));
    return true; // ECONNREFUSED, ECONNRESET, ETIMEDOUT, …
  }
  return /timeout|terminat|Connection|ECONN|closed|not queryable/i.test(err.message);
}
