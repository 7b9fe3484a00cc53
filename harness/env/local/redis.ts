import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { getFreePort, LOOPBACK } from './free-port.js';
import { logSize, withLogTail } from './log-file.js';
import { registerTempDir, spawnGroup, unregisterTempDir, type ProcessGroup } from './process-group.js';
import { pollUntil, sleep } from './wait.js';
import { serialQueue } from './serial-queue.js';

export interface RedisOptions {
  /** where the server log goes; default: inside the temp folder, removed by down() */
  logDir?: string;
  /** log file name without extension, to tell several servers apart in one logDir; default 'redis' */
  name?: string;
}

export interface RedisHandle {
  host: string;
  port: number;
  url: string;
  /** the server's working folder; removed by down() */
  dir: string;
  logFile: string;
  /** server pid while running */
  readonly pid: number | undefined;
  /** SIGTERM; the port is kept for start() */
  stop(): Promise<void>;
  /** start again on the same port (empty: nothing is persisted) */
  start(): Promise<void>;
  /** SIGKILL: a crash */
  kill(): Promise<void>;
  /** stop and remove the temp folder */
  down(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
const PORT_ATTEMPTS = 3;

/** Sends PING over a plain socket: true on +PONG, false on anything else (refused, LOADING, ...). */
export function redisPing(port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: LOOPBACK, port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

/** A throwaway Redis on loopback with persistence off. */
export async function startRedis(options: RedisOptions = {}): Promise<RedisHandle> {
  const bin = process.env.DRILL_REDIS_BIN ?? 'redis-server';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'drill-redis-'));
  registerTempDir(dir);
  const logFile = path.join(options.logDir ?? dir, `${options.name ?? 'redis'}.log`);
  let port = await getFreePort();
  let group: ProcessGroup | undefined;
  let isDown = false;

  const serial = serialQueue();
  const running = () => group !== undefined && group.exitInfo === undefined;

  const spawnAndWait = async (): Promise<'ready' | { message: string; portInUse: boolean }> => {
    const offset = logSize(logFile);
    const args = [
      '--port',
      String(port),
      '--bind',
      LOOPBACK,
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
    ];
    const current = spawnGroup(bin, [...args, '--daemonize', 'no', '--logfile', ''], { cwd: dir, logFile });
    group = current;
    const what = `Redis on ${LOOPBACK}:${port}`;
    try {
      await pollUntil(
        async () => {
          if (current.exitInfo) throw new Error('exited');
          return (await redisPing(port)) ? true : undefined;
        },
        { timeoutMs: START_TIMEOUT_MS, what: `${what} to answer PING` },
      );
      return 'ready';
    } catch (error) {
      const exit = current.exitInfo;
      await current.kill();
      const reason = exit
        ? `exited during start-up (${exit.signal ?? `code ${exit.code}`})`
        : (error as Error).message;
      const message = withLogTail(`${what} ${reason}`, logFile, offset);
      return { message, portInUse: message.includes('Address already in use') };
    }
  };

  const start = (newPortOnConflict: boolean) =>
    serial(async () => {
      if (isDown) throw new Error(`cannot start: the Redis in ${dir} is down`);
      if (running()) return;
      for (let attempt = 1; ; attempt++) {
        const outcome = await spawnAndWait();
        if (outcome === 'ready') return;
        if (!outcome.portInUse || attempt >= PORT_ATTEMPTS) throw new Error(outcome.message);
        if (newPortOnConflict) port = await getFreePort();
        else await sleep(1_000);
      }
    });

  const stop = () =>
    serial(async () => {
      await group?.stop({ signal: 'SIGTERM', timeoutMs: STOP_TIMEOUT_MS });
    });

  const kill = () =>
    serial(async () => {
      await group?.kill();
    });

  let downing: Promise<void> | undefined;
  const down = (): Promise<void> =>
    (downing ??= (async () => {
      isDown = true;
      await stop().catch(() => kill());
      rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
      unregisterTempDir(dir);
    })());

  try {
    await start(true);
  } catch (error) {
    await down();
    throw error;
  }

  return {
    host: LOOPBACK,
    port,
    url: `redis://${LOOPBACK}:${port}`,
    dir,
    logFile,
    get pid() {
      return running() ? group?.pid : undefined;
    },
    stop,
    start: () => start(false),
    kill,
    down,
  };
}
