import type { Pool } from 'pg';

// Ordered, append-only. Each runs once, under an advisory lock so pods starting together do not race.
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE rooms (
        room     text PRIMARY KEY,
        last_seq bigint NOT NULL DEFAULT 0
      );
      CREATE TABLE messages (
        room          text        NOT NULL,
        seq           bigint      NOT NULL,
        client_msg_id text        NOT NULL,
        sender        text        NOT NULL,
        body          text        NOT NULL,
        committed_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (room, seq)
      );
      -- Not unique: idempotency is decided under the room's row lock in drill_append, which
      -- lets the no-idempotency defect store a repeat the way a real bug would.
      CREATE INDEX messages_room_client_msg_id ON messages (room, client_msg_id);

      -- One round trip per send. The room row lock serialises appends per room, which makes
      -- seq gap-free and the clientMsgId lookup race-free.
      CREATE FUNCTION drill_append(p_room text, p_client_msg_id text, p_sender text, p_body text,
                                   p_idempotent boolean)
      RETURNS TABLE (seq bigint, duplicate boolean, committed_at timestamptz)
      LANGUAGE plpgsql AS $$
      DECLARE
        v_head bigint;
        v_seq  bigint;
        v_at   timestamptz;
      BEGIN
        INSERT INTO rooms AS r (room) VALUES (p_room)
          ON CONFLICT (room) DO UPDATE SET last_seq = r.last_seq
          RETURNING r.last_seq INTO v_head;
        IF p_idempotent THEN
          SELECT m.seq, m.committed_at INTO v_seq, v_at
            FROM messages m WHERE m.room = p_room AND m.client_msg_id = p_client_msg_id
            ORDER BY m.seq LIMIT 1;
          IF FOUND THEN
            RETURN QUERY SELECT v_seq, true, v_at;
            RETURN;
          END IF;
        END IF;
        v_seq := v_head + 1;
        UPDATE rooms SET last_seq = v_seq WHERE rooms.room = p_room;
        INSERT INTO messages (room, seq, client_msg_id, sender, body)
          VALUES (p_room, v_seq, p_client_msg_id, p_sender, p_body)
          RETURNING messages.committed_at INTO v_at;
        RETURN QUERY SELECT v_seq, false, v_at;
      END;
      $$;
    `,
  },
];

const LOCK_KEY = 7_340_001; // arbitrary, constant: the advisory lock guarding migrations

export async function migrate(pool: Pool): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(m.sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [m.version]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw err;
      }
      applied.push(m.version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}
