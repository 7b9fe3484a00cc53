import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, type ProcInfo } from './proc-table.mjs';
import { pollUntil } from './wait.js';
import { portRefuses, processTree } from './test-support/probes.js';

const FIXTURE = fileURLToPath(new URL('./test-support/start-and-wait.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TEST_TIMEOUT_MS = 120_000;

interface Started {
  reaper: number;
  redis: { pid: number; port: number; dir: string };
  postgres: { pid: number; port: number; dir: string };
  standby: { pid: number; port: number };
}

interface Fixture {
  child: ChildProcess;
  started: Started;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** every process it started (servers with all their children, and the reaper) */
  processes: ProcInfo[];
  ports: number[];
  dirs: string[];
}

let running: Fixture | undefined;

async function launch(env: Record<string, string> = {}): Promise<Fixture> {
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const started = await new Promise<Started>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`fixture printed nothing in 90 s; stderr:\n${stderr}`)),
      90_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Started);
      }
    });
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited (${signal ?? code}) before starting; stderr:\n${stderr}`));
    });
  });
  const processes = [
    ...processTree(started.redis.pid),
    ...processTree(started.postgres.pid),
    ...processTree(started.standby.pid),
    ...processTree(started.reaper),
  ];
  const fixture: Fixture = {
    child,
    started,
    exit,
    processes,
    ports: [started.redis.port, started.postgres.port, started.standby.port],
    dirs: [started.redis.dir, started.postgres.dir],
  };
  running = fixture;
  return fixture;
}

async function leftovers(fixture: Fixture): Promise<string[]> {
  const left: string[] = [];
  for (const p of fixture.processes) if (isAlive(p.pid, p.startTime)) left.push(`process ${p.pid}`);
  for (const dir of fixture.dirs) if (existsSync(dir)) left.push(`folder ${dir}`);
  for (const port of fixture.ports) if (!(await portRefuses(port))) left.push(`listener on port ${port}`);
  return left;
}

async function expectAllGone(fixture: Fixture, withinMs: number): Promise<void> {
  await pollUntil(async () => ((await leftovers(fixture)).length === 0 ? true : undefined), {
    timeoutMs: withinMs,
    intervalMs: 200,
    what: 'everything the fixture started to disappear',
  }).catch(() => undefined);
  expect(await leftovers(fixture)).toEqual([]);
}

function expectAllRunning(fixture: Fixture): void {
  const { started, processes } = fixture;
  // postmaster + its helper processes, twice (primary and standby), redis, reaper
  expect(processes.length).toBeGreaterThan(8);
  const leaders = [started.reaper, started.redis.pid, started.postgres.pid, started.standby.pid];
  expect(leaders.filter((pid) => !isAlive(pid))).toEqual([]);
  for (const dir of fixture.dirs) expect(existsSync(dir)).toBe(true);
  expect(new Set(leaders).size).toBe(4);
}

afterEach(async () => {
  // A failed test must not leak its fixture: SIGKILL it and let its reaper do the rest.
  const fixture = running;
  running = undefined;
  if (fixture && fixture.child.exitCode === null && fixture.child.signalCode === null) {
    fixture.child.kill('SIGKILL');
    await fixture.exit;
    await pollUntil(async () => ((await leftovers(fixture)).length === 0 ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the leftovers of a failed test',
    }).catch(() => undefined);
  }
}, 60_000);

describe('cleanup when the harness process ends', () => {
  it(
    'SIGKILL of the harness: the reaper stops every server and removes the temp folders',
    async () => {
      const fixture = await launch();
      expectAllRunning(fixture);
      fixture.child.kill('SIGKILL');
      expect(await fixture.exit).toEqual({ code: null, signal: 'SIGKILL' });
      await expectAllGone(fixture, 15_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SIGINT of the harness: everything is killed and it exits with 130',
    async () => {
      const fixture = await launch();
      expectAllRunning(fixture);
      fixture.child.kill('SIGINT');
      expect(await fixture.exit).toEqual({ code: 130, signal: null });
      await expectAllGone(fixture, 10_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SIGINT with a handler of its own: the harness tears down gracefully and exits as it chooses',
    async () => {
      const fixture = await launch({ FIXTURE_GRACEFUL_SIGINT: '1' });
      expectAllRunning(fixture);
      fixture.child.kill('SIGINT');
      expect(await fixture.exit).toEqual({ code: 0, signal: null });
      await expectAllGone(fixture, 10_000);
    },
    TEST_TIMEOUT_MS,
  );
});
