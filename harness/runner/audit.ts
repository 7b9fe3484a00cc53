import pg from 'pg';
import type { HistorySink } from '../load/history-sink.js';

/** The final audit: what PostgreSQL holds for each room, appended to the history for the checkers. */
export async function auditCommitted(
  databaseUrl: string,
  rooms: readonly string[],
  sink: HistorySink,
): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const { rows } = await client.query<{ room: string; seq: string; client_msg_id: string }>(
      'SELECT room, seq, client_msg_id FROM messages WHERE room = ANY($1) ORDER BY room, seq',
      [rooms],
    );
    const byRoom = new Map<string, Array<{ seq: number; clientMsgId: string }>>(rooms.map((r) => [r, []]));
    for (const r of rows) byRoom.get(r.room)?.push({ seq: Number(r.seq), clientMsgId: r.client_msg_id });
    for (const [room, messages] of byRoom) sink.record({ type: 'audit.committed', room, messages });
  } finally {
    await client.end();
  }
}
