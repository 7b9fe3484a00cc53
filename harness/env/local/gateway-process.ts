import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { getFreePort } from './free-port.js';
import { spawnGroup } from './process-group.js';

const GATEWAY_MAIN = fileURLToPath(new URL('../../../system-under-test/gateway/main.ts', import.meta.url));

export interface GatewayOptions {
  pod: string;
  zone?: string;
  databaseUrl: string;
  redisUrl?: string;
  /** Extra environment (timings, auth, SUT_DEFECTS…), as the gateway reads it. */
  env?: Record<string, string>;
  logDir: string;
  port?: number;
  readyTimeoutMs?: number;
}

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface GatewayProcess {
  pod: string;
  zone: string;
  port: number;
  url: string;
  pid: number;
  logFile: string;
  exited: Promise<ExitStatus>;
  /** SIGKILL: a crash, no cleanup, no FIN from the application. */
  kill(): Promise<ExitStatus>;
  /** SIGTERM: the graceful shutdown path; resolves with the exit status. */
  terminate(): Promise<ExitStatus>;
  /** SIGSTOP / SIGCONT: hung, sockets open but silent. */
  pause(): void;
  resume(): void;
  logs(): Promise<string>;
}

async function waitForHealth(url: string, exited: Promise<ExitStatus>, timeoutMs: number): Promise<void> {
  let done: ExitStatus | undefined;
  void exited.then((s) => (done = s));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done) throw new Error(`exited with code ${done.code} signal ${done.signal} before it was ready`);
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

/** Starts one gateway pod as `node --import tsx main.ts`, so signals reach the gateway itself. */
export async function startGatewayProcess(opts: GatewayOptions): Promise<GatewayProcess> {
  const port = opts.port ?? (await getFreePort());
  const logFile = join(opts.logDir, `gateway-${opts.pod}.log`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    PORT: String(port),
    HOST: '127.0.0.1',
    POD_NAME: opts.pod,
    ZONE: opts.zone ?? '',
    DATABASE_URL: opts.databaseUrl,
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    ...opts.env,
  };
  const child = spawnGroup(process.execPath, ['--import', 'tsx', GATEWAY_MAIN], { env, logFile });
  const url = `http://127.0.0.1:${port}`;
  const logs = () => readFile(logFile, 'utf8').catch(() => '');
  try {
    await waitForHealth(url, child.exited, opts.readyTimeoutMs ?? 30_000);
  } catch (err) {
    await child.stop({ signal: 'SIGKILL' });
    const tail = (await logs()).trim().split('\n').slice(-15).join('\n');
    throw new Error(`gateway ${opts.pod}: ${(err as Error).message}\n--- ${logFile} ---\n${tail}`);
  }
  return {
    pod: opts.pod,
    zone: opts.zone ?? '',
    port,
    url,
    pid: child.pid,
    logFile,
    exited: child.exited,
    kill: async () => {
      child.signal('SIGKILL');
      return child.exited;
    },
    terminate: async () => {
      child.signal('SIGTERM');
      return child.exited;
    },
    pause: () => child.signal('SIGSTOP'),
    resume: () => child.signal('SIGCONT'),
    logs,
  };
}
