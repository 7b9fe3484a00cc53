import { existsSync } from 'node:fs';
import net from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresHandle } from './postgres.js';
import { LOOPBACK } from './free-port.js';
import { pollUntil } from './wait.js';
import { isAlive } from './proc-table.mjs';
import { pidExists, portRefuses, processTree } from './test-support/probes.js';

async function sql<T = Record<string, unknown>>(
  url: string,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, ssl: false, connectionTimeoutMillis: 5_000 });
  client.on('error', () => {});
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function expectNothingLeft(pids: number[], ports: number[], dir: string): Promise<void> {
  expect(pids.length).toBeGreaterThan(0);
  expect(pids.filter(pidExists)).toEqual([]);
  for (const port of ports) expect(await portRefuses(port)).toBe(true);
  expect(existsSync(dir)).toBe(false);
}

describe('startPostgres: a primary alone', () => {
  let cluster: PostgresHandle | undefined;

  beforeAll(async () => {
    const started = performance.now();
    cluster = await startPostgres();
    console.log(`postgres primary started in ${Math.round(performance.now() - started)} ms`);
  });

  afterAll(async () => {
    await cluster?.down();
  });

  it('serves the database on loopback', async () => {
    const pgc = cluster!;
    expect(pgc.url).toBe(`postgres://postgres@127.0.0.1:${pgc.port}/drill`);
    expect(pgc.standby).toBeUndefined();
    await sql(pgc.url, 'CREATE TABLE items (id int PRIMARY KEY, body text)');
    await sql(pgc.url, 'INSERT INTO items VALUES (1, $1)', ['before restart']);
    const [row] = await sql<{ db: string; addr: string }>(
      pgc.url,
      'SELECT current_database() AS db, inet_server_addr()::text AS addr',
    );
    expect(row).toEqual({ db: 'drill', addr: '127.0.0.1/32' });
  });

  it('stop() then start() keeps the data and the port', async () => {
    const pgc = cluster!;
    const pid = pgc.pid;
    await pgc.stop();
    expect(pgc.pid).toBeUndefined();
    expect(pidExists(pid!)).toBe(false);
    expect(await portRefuses(pgc.port)).toBe(true);
    await pgc.stop(); // idempotent
    await pgc.start();
    await pgc.start(); // idempotent
    expect(pgc.pid).not.toBe(pid);
    expect(await sql(pgc.url, 'SELECT body FROM items WHERE id = 1')).toEqual([{ body: 'before restart' }]);
  });

  it('kill() crashes it at once; start() recovers the committed data', async () => {
    const pgc = cluster!;
    await sql(pgc.url, 'INSERT INTO items VALUES (2, $1)', ['before crash']);
    const tree = processTree(pgc.pid!);
    expect(tree.length).toBeGreaterThan(3); // postmaster, checkpointer, walwriter, ...
    await pgc.kill();
    // isAlive, not pidExists: the killed children are orphans, and PID 1 may reap their zombies late.
    expect(tree.filter((p) => isAlive(p.pid, p.startTime))).toEqual([]);
    await pgc.kill(); // idempotent
    await pgc.start();
    expect(await sql(pgc.url, 'SELECT id FROM items ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('a start-up failure names the cause with the end of the server log', async () => {
    const pgc = cluster!;
    await pgc.stop();
    const squatter = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(pgc.port, LOOPBACK, resolve));
    try {
      const error = await pgc.start().then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toMatch(/PostgreSQL primary on 127\.0\.0\.1:\d+ exited during start-up/);
      expect(error?.message).toMatch(/last lines of .*postgres-primary\.log/);
      expect(error?.message).toMatch(/Address already in use/);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    await pgc.start();
    expect(await sql(pgc.url, 'SELECT count(*)::int AS n FROM items')).toEqual([{ n: 2 }]);
  });

  it('down() leaves no process, no listener and no temp folder', async () => {
    const pgc = cluster!;
    const pids = processTree(pgc.pid!).map((p) => p.pid);
    await pgc.down();
    await expectNothingLeft(pids, [pgc.port], pgc.dir);
    await pgc.down(); // idempotent
    await expect(pgc.start()).rejects.toThrow(/is down/);
  });
});

describe('startPostgres: with a synchronous standby', () => {
  let cluster: PostgresHandle | undefined;

  beforeAll(async () => {
    const started = performance.now();
    cluster = await startPostgres({ synchronousStandby: true, database: 'drill' });
    console.log(
      `postgres primary + synchronous standby started in ${Math.round(performance.now() - started)} ms`,
    );
  });

  afterAll(async () => {
    await cluster?.down();
  });

  it('streams synchronously to a hot standby in recovery', async () => {
    const pgc = cluster!;
    const standby = pgc.standby!;
    expect(standby.port).not.toBe(pgc.port);
    expect(await sql(pgc.url, 'SELECT application_name, state, sync_state FROM pg_stat_replication')).toEqual(
      [{ application_name: 'drill_standby', state: 'streaming', sync_state: 'sync' }],
    );
    expect(await sql(standby.url, 'SELECT pg_is_in_recovery() AS r')).toEqual([{ r: true }]);
  });

  it('a row written on the primary appears on the standby', async () => {
    const pgc = cluster!;
    await sql(pgc.url, 'CREATE TABLE messages (seq int PRIMARY KEY, body text)');
    await sql(pgc.url, 'INSERT INTO messages VALUES (1, $1)', ['hello']);
    const rows = await pollUntil(
      async () => {
        const found = await sql(pgc.standby!.url, "SELECT to_regclass('messages') IS NOT NULL AS t");
        if (found[0]?.t !== true) return undefined;
        const got = await sql(pgc.standby!.url, 'SELECT seq, body FROM messages');
        return got.length > 0 ? got : undefined;
      },
      { timeoutMs: 10_000, what: 'the row on the standby' },
    );
    expect(rows).toEqual([{ seq: 1, body: 'hello' }]);
    await expect(sql(pgc.standby!.url, "INSERT INTO messages VALUES (2, 'no')")).rejects.toThrow(/read-only/);
  });

  it('after the primary crashes, the promoted standby takes writes', async () => {
    const pgc = cluster!;
    await pgc.kill();
    expect(await portRefuses(pgc.port)).toBe(true);
    const promoted = await pgc.promoteStandby();
    expect(promoted).toEqual({ host: '127.0.0.1', port: pgc.standby!.port, url: pgc.standby!.url });
    await sql(promoted.url, 'INSERT INTO messages VALUES (2, $1)', ['after failover']);
    expect(await sql(promoted.url, 'SELECT seq FROM messages ORDER BY seq')).toEqual([
      { seq: 1 },
      { seq: 2 },
    ]);
    expect(await pgc.promoteStandby()).toEqual(promoted); // idempotent
    await expect(pgc.start()).rejects.toThrow(/split brain/);
  });

  it('down() leaves no process, no listener and no temp folder', async () => {
    const pgc = cluster!;
    const pids = processTree(pgc.standby!.pid!).map((p) => p.pid);
    await pgc.down();
    await expectNothingLeft(pids, [pgc.port, pgc.standby!.port], pgc.dir);
  });
});
