import { execFile, execFileSync } from 'node:child_process';
import {
  accessSync,
  appendFileSync,
  chownSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { getFreePort, LOOPBACK } from './free-port.js';
import { logSize, withLogTail } from './log-file.js';
import {
  registerTempDir,
  runGroup,
  spawnGroup,
  unregisterTempDir,
  type ProcessGroup,
} from './process-group.js';
import { pollUntil, sleep } from './wait.js';
import { serialQueue } from './serial-queue.js';

export interface PostgresOptions {
  /** a hot standby streaming from the primary */
  standby?: boolean;
  /** make that standby synchronous (implies standby) */
  synchronousStandby?: boolean;
  /** where the server logs go; default: inside the temp folder, removed by down() */
  logDir?: string;
  /** database created on the primary; default 'drill' */
  database?: string;
  /** prefix of the log file names, to tell several clusters apart in one logDir; default 'postgres' */
  name?: string;
}

export interface PostgresEndpoint {
  host: string;
  port: number;
  url: string;
}

export interface PostgresStandby extends PostgresEndpoint {
  /** postmaster pid while running */
  readonly pid: number | undefined;
  stop(): Promise<void>;
  start(): Promise<void>;
  kill(): Promise<void>;
}

export interface PostgresHandle extends PostgresEndpoint {
  database: string;
  /** temp folder holding the data directories and sockets; removed by down() */
  dir: string;
  /** postmaster pid of the primary while running */
  readonly pid: number | undefined;
  standby?: PostgresStandby;
  logFiles: { primary: string; standby?: string };
  /** fast shutdown of the primary (SIGINT: sessions are terminated, then a checkpoint) */
  stop(): Promise<void>;
  /** start the primary again, same port and data; refused once the standby was promoted */
  start(): Promise<void>;
  /** SIGKILL the primary and all its processes at once: a crash */
  kill(): Promise<void>;
  /**
   * Promote the standby; resolves once it is out of recovery and accepts writes. Crash or stop the
   * primary first: a primary still running keeps waiting for its synchronous standby on every commit.
   */
  promoteStandby(): Promise<PostgresEndpoint>;
  /** stop everything and remove the temp folder */
  down(): Promise<void>;
}

const STANDBY_APPLICATION_NAME = 'drill_standby';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 15_000;
const PORT_ATTEMPTS = 3;

function pgBin(): string {
  const dir = process.env.DRILL_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  try {
    accessSync(path.join(dir, 'postgres'), constants.X_OK);
  } catch {
    throw new Error(`PostgreSQL server binaries not found in ${dir} (set DRILL_PG_BIN to their folder)`);
  }
  return dir;
}

interface Owner {
  uid: number;
  gid: number;
}

let postgresOwner: Owner | null | undefined;

/** PostgreSQL refuses to run as root: then its processes run as the `postgres` system user. */
function serverOwner(): Owner | undefined {
  if (postgresOwner !== undefined) return postgresOwner ?? undefined;
  if (process.getuid?.() !== 0) {
    postgresOwner = null;
    return undefined;
  }
  try {
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    postgresOwner = { uid: id('-u'), gid: id('-g') };
  } catch {
    throw new Error("running as root, but there is no 'postgres' system user to run PostgreSQL as");
  }
  return postgresOwner;
}

/** Our environment minus PG* variables, which would silently redirect the client tools. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { LC_ALL: 'C', LANG: 'C' };
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('PG') && key !== 'LC_ALL' && key !== 'LANG') env[key] = value;
  }
  return env;
}

function quoteConf(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function urlFor(port: number, database: string): string {
  return `postgres://postgres@${LOOPBACK}:${port}/${encodeURIComponent(database)}`;
}

/** Runs one query on a fresh connection; undefined when the server cannot answer it (yet). */
function tryQuery(port: number, database: string, sql: string): Promise<pg.QueryResult | undefined> {
  return query(port, database, sql, 3_000).catch(() => undefined);
}

async function query(
  port: number,
  database: string,
  sql: string,
  timeoutMs = 10_000,
): Promise<pg.QueryResult> {
  const client = new pg.Client({
    host: LOOPBACK,
    port,
    user: 'postgres',
    database,
    ssl: false,
    connectionTimeoutMillis: timeoutMs,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    return await client.query(sql);
  } finally {
    await client.end().catch(() => {});
  }
}

/** postmaster.pid: line 1 the postmaster's pid, line 7 "<shmem key> <shmem id>", line 8 its status. */
function readPostmasterPid(dataDir: string): string[] | undefined {
  try {
    return readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
}

/**
 * Marks the cluster's small SysV interlock segment for removal: the kernel then frees it when the last
 * PostgreSQL process detaches, also after a SIGKILL, where PostgreSQL would leave it behind for good.
 * Costs one harmless "shmctl ... failed" LOG line at shutdown. Best effort.
 */
function releaseSysvSegmentOnExit(dataDir: string): Promise<void> {
  const shmid = readPostmasterPid(dataDir)?.[6]?.trim().split(/\s+/)[1];
  if (!shmid || !/^\d+$/.test(shmid)) return Promise.resolve();
  return new Promise((resolve) => execFile('ipcrm', ['-m', shmid], () => resolve()));
}

interface ServerContext {
  bin: string;
  owner: Owner | undefined;
  cwd: string;
}

/** One postmaster: its data directory, port, log and current process group. */
class PgServer {
  private group: ProcessGroup | undefined;
  private readonly serial = serialQueue();

  constructor(
    readonly role: 'primary' | 'standby',
    readonly dataDir: string,
    public port: number,
    readonly logFile: string,
    private readonly ctx: ServerContext,
  ) {}

  get pid(): number | undefined {
    return this.group && !this.group.exitInfo ? this.group.pid : undefined;
  }

  get running(): boolean {
    return this.pid !== undefined;
  }

  /** `newPortOnConflict` only for the first start: later starts must keep the port. */
  start(newPortOnConflict = false): Promise<void> {
    return this.serial(async () => {
      if (this.running) return;
      for (let attempt = 1; ; attempt++) {
        const outcome = await this.spawnAndWait();
        if (outcome === 'ready') break;
        if (outcome.portInUse && attempt < PORT_ATTEMPTS) {
          if (newPortOnConflict) this.port = await getFreePort();
          else await sleep(1_000);
          continue;
        }
        throw new Error(outcome.message);
      }
      await releaseSysvSegmentOnExit(this.dataDir);
    });
  }

  private async spawnAndWait(): Promise<'ready' | { message: string; portInUse: boolean }> {
    const offset = logSize(this.logFile);
    const group = spawnGroup(
      path.join(this.ctx.bin, 'postgres'),
      ['-D', this.dataDir, '-p', String(this.port)],
      {
        cwd: this.ctx.cwd,
        env: serverEnv(),
        logFile: this.logFile,
        uid: this.ctx.owner?.uid,
        gid: this.ctx.owner?.gid,
        // SIGINT is PostgreSQL's fast shutdown, for the postmaster only; SIGTERM would wait for clients.
        stopSignal: 'SIGINT',
        stopLeaderOnly: true,
      },
    );
    this.group = group;
    const what = `PostgreSQL ${this.role} on ${LOOPBACK}:${this.port}`;
    try {
      await pollUntil(
        async () => {
          if (group.exitInfo) throw new Error('exited');
          // Our postmaster says it is ready (so we never mistake another listener on the port for it)...
          const pidFile = readPostmasterPid(this.dataDir);
          const status = pidFile?.[7]?.trim();
          if (pidFile?.[0] !== String(group.pid) || (status !== 'ready' && status !== 'standby'))
            return undefined;
          // ...and answers over TCP.
          return (await tryQuery(this.port, 'postgres', 'SELECT 1')) ? true : undefined;
        },
        { timeoutMs: START_TIMEOUT_MS, what: `${what} to accept connections` },
      );
      return 'ready';
    } catch (error) {
      const exit = group.exitInfo;
      await group.kill();
      const reason = exit
        ? `exited during start-up (${exit.signal ?? `code ${exit.code}`})`
        : (error as Error).message;
      const message = withLogTail(`${what} ${reason}`, this.logFile, offset);
      return { message, portInUse: message.includes('Address already in use') };
    }
  }

  stop(): Promise<void> {
    return this.serial(async () => {
      await this.group?.stop({ timeoutMs: STOP_TIMEOUT_MS });
    });
  }

  kill(): Promise<void> {
    return this.serial(async () => {
      await this.group?.kill();
    });
  }
}

function appendServerConfig(dataDir: string, sockDir: string): void {
  appendFileSync(
    path.join(dataDir, 'postgresql.conf'),
    [
      '',
      '# --- Runbook Drill (harness/env/local/postgres.ts) ---',
      `listen_addresses = '${LOOPBACK}'`,
      `unix_socket_directories = ${quoteConf(sockDir)}`,
      '# Throwaway test clusters: surviving an OS crash does not matter, start-up and commit speed do.',
      'fsync = off',
      'full_page_writes = off',
      '# The runbook allows up to 10 pods with under 40 connections each, plus the harness.',
      'max_connections = 450',
      'wal_level = replica',
      'max_wal_senders = 10',
      'max_replication_slots = 10',
      "wal_keep_size = '256MB'",
      'hot_standby = on',
      '# A standby reconnects to a restarted primary within 1 s instead of 5 s.',
      "wal_retrieve_retry_interval = '1s'",
      '# Dynamic shared memory as files in the data directory: a SIGKILLed cluster leaves nothing in /dev/shm.',
      'dynamic_shared_memory_type = mmap',
      'logging_collector = off',
      "log_destination = 'stderr'",
      '',
    ].join('\n'),
  );
  writeFileSync(
    path.join(dataDir, 'pg_hba.conf'),
    [
      'local all         all                trust',
      'local replication all                trust',
      `host  all         all  ${LOOPBACK}/32 trust`,
      `host  replication all  ${LOOPBACK}/32 trust`,
      '',
    ].join('\n'),
  );
}

async function waitForStreaming(primaryPort: number, synchronous: boolean): Promise<void> {
  await pollUntil(
    async () => {
      const result = await tryQuery(
        primaryPort,
        'postgres',
        `SELECT state, sync_state FROM pg_stat_replication WHERE application_name = '${STANDBY_APPLICATION_NAME}'`,
      );
      const row = result?.rows[0] as { state?: string; sync_state?: string } | undefined;
      if (row?.state !== 'streaming') return undefined;
      return !synchronous || row.sync_state === 'sync' ? true : undefined;
    },
    {
      timeoutMs: START_TIMEOUT_MS,
      what: `the standby to stream${synchronous ? ' synchronously' : ''} from port ${primaryPort}`,
    },
  );
}

/** A throwaway PostgreSQL cluster on loopback, optionally with a (synchronous) hot standby. */
export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresHandle> {
  const bin = pgBin();
  const owner = serverOwner();
  const database = options.database ?? 'drill';
  const withStandby = options.standby === true || options.synchronousStandby === true;
  const name = options.name ?? 'postgres';

  const dir = mkdtempSync(path.join(os.tmpdir(), 'drill-pg-'));
  registerTempDir(dir);
  const sockDir = path.join(dir, 'sock');
  mkdirSync(sockDir);
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(sockDir, owner.uid, owner.gid);
  }
  const logDir = options.logDir ?? path.join(dir, 'logs');
  const ctx: ServerContext = { bin, owner, cwd: dir };
  const env = serverEnv();
  const primary = new PgServer(
    'primary',
    path.join(dir, 'primary'),
    await getFreePort(),
    path.join(logDir, `${name}-primary.log`),
    ctx,
  );
  let standby: PgServer | undefined;
  let promoted = false;
  let isDown = false;

  let downing: Promise<void> | undefined;
  const down = (): Promise<void> =>
    (downing ??= (async () => {
      isDown = true;
      const servers = [primary, standby].filter((server): server is PgServer => server !== undefined);
      await Promise.allSettled(servers.map((server) => server.stop().catch(() => server.kill())));
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      unregisterTempDir(dir);
    })());

  try {
    await runGroup(
      path.join(bin, 'initdb'),
      ['-D', primary.dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C'],
      { cwd: dir, env, logFile: primary.logFile, uid: owner?.uid, gid: owner?.gid },
    );
    appendServerConfig(primary.dataDir, sockDir);
    await primary.start(true);
    if (database !== 'postgres')
      await query(primary.port, 'postgres', `CREATE DATABASE ${quoteIdent(database)}`);

    if (withStandby) {
      const replica = new PgServer(
        'standby',
        path.join(dir, 'standby'),
        await getFreePort(),
        path.join(logDir, `${name}-standby.log`),
        ctx,
      );
      standby = replica;
      const conninfo = `host=${LOOPBACK} port=${primary.port} user=postgres application_name=${STANDBY_APPLICATION_NAME}`;
      await runGroup(
        path.join(bin, 'pg_basebackup'),
        ['-D', replica.dataDir, '-R', '-X', 'stream', '-c', 'fast', '--no-sync', '-d', conninfo],
        { cwd: dir, env, logFile: replica.logFile, uid: owner?.uid, gid: owner?.gid },
      );
      await replica.start(true);
      await pollUntil(
        async () =>
          (await tryQuery(replica.port, 'postgres', 'SELECT pg_is_in_recovery() AS r'))?.rows[0]?.r === true
            ? true
            : undefined,
        { timeoutMs: START_TIMEOUT_MS, what: `the standby on port ${replica.port} to be in recovery` },
      );
      await waitForStreaming(primary.port, false);
      if (options.synchronousStandby) {
        await query(
          primary.port,
          'postgres',
          `ALTER SYSTEM SET synchronous_standby_names = '${STANDBY_APPLICATION_NAME}'`,
        );
        await query(primary.port, 'postgres', 'SELECT pg_reload_conf()');
        await waitForStreaming(primary.port, true);
      }
    }
  } catch (error) {
    await down();
    throw error;
  }

  const standbyServer = standby;
  const promote = async (): Promise<PostgresEndpoint> => {
    if (!standbyServer) throw new Error('this cluster has no standby to promote');
    const endpoint = { host: LOOPBACK, port: standbyServer.port, url: urlFor(standbyServer.port, database) };
    if (promoted) return endpoint;
    if (!standbyServer.running) throw new Error(`the standby on port ${standbyServer.port} is not running`);
    await query(standbyServer.port, 'postgres', 'SELECT pg_promote(true, 60)');
    // txid_current() fails while in recovery: success means out of recovery and writable.
    await pollUntil(
      async () =>
        (await tryQuery(standbyServer.port, database, 'SELECT pg_is_in_recovery() AS r, txid_current()'))
          ?.rows[0]?.r === false
          ? true
          : undefined,
      {
        timeoutMs: START_TIMEOUT_MS,
        what: `the promoted standby on port ${standbyServer.port} to accept writes`,
      },
    );
    promoted = true;
    return endpoint;
  };

  const notDown = (action: string): void => {
    if (isDown) throw new Error(`cannot ${action}: the PostgreSQL cluster in ${dir} is down`);
  };

  return {
    host: LOOPBACK,
    port: primary.port,
    database,
    url: urlFor(primary.port, database),
    dir,
    get pid() {
      return primary.pid;
    },
    standby: standbyServer && {
      host: LOOPBACK,
      port: standbyServer.port,
      url: urlFor(standbyServer.port, database),
      get pid() {
        return standbyServer.pid;
      },
      stop: () => standbyServer.stop(),
      start: async () => {
        notDown('start the standby');
        await standbyServer.start();
      },
      kill: () => standbyServer.kill(),
    },
    logFiles: { primary: primary.logFile, ...(standbyServer ? { standby: standbyServer.logFile } : {}) },
    stop: () => primary.stop(),
    start: async () => {
      notDown('start the primary');
      if (promoted)
        throw new Error(
          'the old primary cannot rejoin after the standby was promoted (that would be split brain)',
        );
      await primary.start();
    },
    kill: () => primary.kill(),
    promoteStandby: async () => {
      notDown('promote the standby');
      return promote();
    },
    down,
  };
}
