import pg from 'pg';
import type { PodInfo } from '../env/provider.js';
import type { HistorySink } from '../load/history-sink.js';
import type { AuditSpec } from '../targets/target.js';

interface Row {
  room: string;
  seq: number | string;
  client_msg_id?: string;
  clientMsgId?: string;
}

/**
 * The final audit: what the target's durable store holds for each room, appended to the history for
 * the checkers. SQL runs against the topology's database with the rooms as $1; an HTTP audit is a
 * GET of a path on a pod (or a URL) with {rooms} (comma-separated; else ?rooms=… is added),
 * answering a JSON array of {room, seq, clientMsgId} (or client_msg_id), or {rows: [...]}.
 */
export async function auditCommitted(
  spec: AuditSpec,
  topology: { databaseUrl: string | null; pods: readonly PodInfo[] },
  rooms: readonly string[],
  sink: HistorySink,
): Promise<void> {
  const rows =
    'sql' in spec
      ? await sqlRows(spec.sql, topology.databaseUrl, rooms)
      : await httpRows(spec.http, topology.pods, rooms);
  const byRoom = new Map<string, Array<{ seq: number; clientMsgId: string }>>(rooms.map((r) => [r, []]));
  for (const r of rows) {
    byRoom.get(r.room)?.push({ seq: Number(r.seq), clientMsgId: String(r.client_msg_id ?? r.clientMsgId) });
  }
  for (const [room, messages] of byRoom) sink.record({ type: 'audit.committed', room, messages });
}

async function sqlRows(sql: string, databaseUrl: string | null, rooms: readonly string[]): Promise<Row[]> {
  if (databaseUrl === null) throw new Error('the audit is SQL, but the topology has no database');
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<Row>(sql, [rooms])).rows;
  } finally {
    await client.end();
  }
}

async function httpRows(
  template: string,
  pods: readonly PodInfo[],
  rooms: readonly string[],
): Promise<Row[]> {
  const list = encodeURIComponent(rooms.join(','));
  const pathOrUrl = template.includes('{rooms}')
    ? template.replaceAll('{rooms}', list)
    : `${template}${template.includes('?') ? '&' : '?'}rooms=${list}`;
  const urls = /^https?:\/\//.test(pathOrUrl) ? [pathOrUrl] : pods.map((p) => `${p.url}${pathOrUrl}`);
  const failures: string[] = [];
  for (const url of urls) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      if (!res.ok) {
        failures.push(`${url}: HTTP ${res.status}`);
        await res.body?.cancel();
        continue;
      }
      const body = (await res.json()) as unknown;
      const rows = Array.isArray(body) ? body : (body as { rows?: unknown }).rows;
      if (!Array.isArray(rows)) throw new Error('the answer is neither an array nor {rows: [...]}');
      return rows as Row[];
    } catch (error) {
      failures.push(`${url}: ${(error as Error).message}`);
    }
  }
  throw new Error(`the audit could not read the store: ${failures.join('; ') || 'no pod to ask'}`);
}
