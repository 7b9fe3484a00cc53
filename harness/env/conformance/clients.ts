// Real clients of the topology for the conformance suite: socket.io-client and pg, each bounded in time.
import pg from 'pg';
import { io, type Socket } from 'socket.io-client';

/** Connects a socket.io client (no reconnection); rejects on connect_error or after `timeoutMs`. */
export function connectSocket(
  url: string,
  options: { userId: string; transports: Array<'polling' | 'websocket'>; timeoutMs: number },
): Promise<Socket> {
  const socket = io(url, {
    transports: options.transports,
    auth: { userId: options.userId },
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs,
  });
  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    };
    const timer = setTimeout(
      () => fail(new Error(`socket.io did not connect to ${url} within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', fail);
  });
}

/**
 * Runs `use` with a connected pg client; every query is bounded by `timeoutMs` on the client side (a
 * commit waiting forever for a synchronous standby that is gone fails instead of hanging).
 */
export async function withDatabase<T>(
  databaseUrl: string,
  timeoutMs: number,
  use: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A server that dies under an idle client emits 'error'; the query in flight rejects anyway.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Whether the server behind `databaseUrl` is a primary (not in recovery), read with a fresh connection. */
export async function isPrimary(databaseUrl: string, timeoutMs: number): Promise<boolean> {
  return withDatabase(databaseUrl, timeoutMs, async (client) => {
    const { rows } = await client.query<{ recovery: boolean }>('SELECT pg_is_in_recovery() AS recovery');
    return rows[0]?.recovery === false;
  });
}
