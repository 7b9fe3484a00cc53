import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LOOPBACK } from './free-port.js';
import { logSize, withLogTail } from './log-file.js';
import { spawnGroup, type ExitInfo } from './process-group.js';
import { pollUntil } from './wait.js';

const FAULT_PROXY_MAIN = fileURLToPath(new URL('../../faults/proxy/main.ts', import.meta.url));

export interface FaultProxyProcessOptions {
  /** the process log (stdout and stderr) goes to `<logDir>/<name>.log` */
  logDir: string;
  /** log file name without extension; default 'fault-proxy' */
  name?: string;
  /** seed of the proxy's random draws (jitter, toxicity, slicer sizes); default 0 */
  seed?: number;
  /** API port; default: any free port (the process reports it) */
  port?: number;
  /** default 30 000 */
  readyTimeoutMs?: number;
}

export interface FaultProxyProcess {
  /** base URL of the Toxiproxy API, for `new Toxiproxy(apiUrl)` */
  apiUrl: string;
  port: number;
  pid: number;
  logFile: string;
  /** settles when the process exits; never rejects */
  exited: Promise<ExitInfo>;
  /** SIGTERM (the proxy closes every listener and connection), SIGKILL after 5 s; resolves when gone */
  stop(): Promise<void>;
}

interface ReadyLine {
  ready: true;
  port: number;
}

function findReadyLine(logFile: string, offset: number): ReadyLine | undefined {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8').slice(offset);
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    if (!line.startsWith('{"ready"')) continue;
    try {
      const parsed = JSON.parse(line) as Partial<ReadyLine>;
      if (parsed.ready === true && typeof parsed.port === 'number') return { ready: true, port: parsed.port };
    } catch {
      // a line still being written
    }
  }
  return undefined;
}

/**
 * Starts the Toxiproxy-compatible fault proxy (harness/faults/proxy/main.ts) as
 * `node --import tsx main.ts` in its own process group, and resolves once GET /version answers.
 */
export async function startFaultProxyProcess(options: FaultProxyProcessOptions): Promise<FaultProxyProcess> {
  const logFile = path.join(options.logDir, `${options.name ?? 'fault-proxy'}.log`);
  const offset = logSize(logFile);
  const args = [
    '--import',
    'tsx',
    FAULT_PROXY_MAIN,
    '--host',
    LOOPBACK,
    '--port',
    String(options.port ?? 0),
    '--seed',
    String(options.seed ?? 0),
  ];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? '/tmp',
    ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
  };
  const group = spawnGroup(process.execPath, args, { env, logFile });
  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  let port: number;
  try {
    port = await pollUntil(
      async () => {
        if (group.exitInfo) {
          const { code, signal } = group.exitInfo;
          throw new Error(`exited during start-up (${signal ?? `code ${code}`})`);
        }
        const ready = findReadyLine(logFile, offset);
        if (!ready) return undefined;
        const res = await fetch(`http://${LOOPBACK}:${ready.port}/version`, {
          signal: AbortSignal.timeout(1_000),
        }).catch(() => undefined);
        return res?.ok ? ready.port : undefined;
      },
      { timeoutMs, what: 'the fault proxy to answer GET /version' },
    );
  } catch (error) {
    await group.kill();
    throw new Error(withLogTail(`fault proxy: ${(error as Error).message}`, logFile, offset));
  }
  return {
    apiUrl: `http://${LOOPBACK}:${port}`,
    port,
    pid: group.pid,
    logFile,
    exited: group.exited,
    stop: async () => {
      await group.stop({ signal: 'SIGTERM', timeoutMs: 5_000 });
    },
  };
}
