import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { LOOPBACK } from './free-port.js';
import { spawnGroup } from './process-group.js';
import { tcpAccepts } from '../tcp-accepts.js';

export interface GatewayOptions {
  pod: string;
  zone?: string;
  /** The pod's command; `node` is the harness's own Node (process.execPath). */
  command: readonly string[];
  /** Where it runs (absolute). */
  cwd: string;
  /** Its environment, filled already (PATH and HOME are added when absent). */
  env: Record<string, string>;
  /** The port it listens on (given to it through its env). */
  port: number;
  /** Ready once this HTTP path answers 200; null: once its port accepts a TCP connection. */
  readinessPath: string | null;
  logDir: string;
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

async function waitForReady(
  url: string,
  port: number,
  readinessPath: string | null,
  exited: Promise<ExitStatus>,
  timeoutMs: number,
): Promise<void> {
  let done: ExitStatus | undefined;
  void exited.then((s) => (done = s));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (done) throw new Error(`exited with code ${done.code} signal ${done.signal} before it was ready`);
    try {
      if (readinessPath === null) {
        if (await tcpAccepts(LOOPBACK, port)) return;
      } else {
        const res = await fetch(`${url}${readinessPath}`, { signal: AbortSignal.timeout(1_000) });
        await res.body?.cancel();
        if (res.ok) return;
      }
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}

/**
 * Starts one pod: its command as the leader of a process group (the reference's `node --import tsx
 * main.ts`, so signals reach the gateway itself), ready by its readiness path or its port.
 */
export async function startGatewayProcess(opts: GatewayOptions): Promise<GatewayProcess> {
  const { port } = opts;
  const logFile = join(opts.logDir, `gateway-${opts.pod}.log`);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...opts.env,
  };
  const [command, ...args] = opts.command;
  if (!command) throw new Error(`gateway ${opts.pod}: no command to start it`);
  const child = spawnGroup(command === 'node' ? process.execPath : command, args, {
    env,
    logFile,
    cwd: opts.cwd,
  });
  const url = `http://${LOOPBACK}:${port}`;
  const logs = () => readFile(logFile, 'utf8').catch(() => '');
  try {
    await waitForReady(url, port, opts.readinessPath, child.exited, opts.readyTimeoutMs ?? 30_000);
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
