// One query against a PostgreSQL container's published port, on a connection of its own.
import pg from 'pg';
import { DATABASE } from './stack-plan.js';

export async function queryAt<T extends pg.QueryResultRow>(
  port: number,
  sql: string,
  database = DATABASE,
): Promise<T[]> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    database,
    connectionTimeoutMillis: 2_000,
  });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}
