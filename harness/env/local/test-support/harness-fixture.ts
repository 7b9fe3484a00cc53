import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { isAlive, type ProcInfo } from '../proc-table.mjs';
import { pollUntil } from '../wait.js';
import { portRefuses } from './probes.js';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export type ExitInfo = { code: number | null; signal: NodeJS.Signals | null };

/** What a fixture started: every process (with its children), its folders and listening ports. */
export interface Inventory {
  processes: ProcInfo[];
  dirs: string[];
  ports: Record<string, number>;
}

export interface LaunchedFixture<Report> {
  child: ChildProcess;
  report: Report;
  exit: Promise<ExitInfo>;
}

/**
 * Runs a fixture script (a stand-in harness process) with `node --import tsx` and resolves with
 * the JSON line it prints once everything it starts is up.
 */
export async function launchFixture<Report>(
  file: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<LaunchedFixture<Report>> {
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exit = new Promise<ExitInfo>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const report = await new Promise<Report>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`fixture printed nothing in ${timeoutMs / 1000} s; stderr:\n${stderr}`)),
      timeoutMs,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) {
        clearTimeout(timer);
        resolve(JSON.parse(line) as Report);
      }
    });
    void exit.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited (${signal ?? code}) before reporting; stderr:\n${stderr}`));
    });
  });
  return { child, report, exit };
}

export async function leftovers(inventory: Inventory): Promise<string[]> {
  const left: string[] = [];
  for (const p of inventory.processes) if (isAlive(p.pid, p.startTime)) left.push(`process ${p.pid}`);
  for (const dir of inventory.dirs) if (existsSync(dir)) left.push(`folder ${dir}`);
  for (const [what, port] of Object.entries(inventory.ports)) {
    if (!(await portRefuses(port))) left.push(`listener ${what} on port ${port}`);
  }
  return left;
}

const untilNothingLeft = (inventory: Inventory, timeoutMs: number, what: string) =>
  pollUntil(async () => ((await leftovers(inventory)).length === 0 ? true : undefined), {
    timeoutMs,
    intervalMs: 200,
    what,
  }).catch(() => undefined);

export async function expectAllGone(inventory: Inventory, withinMs: number): Promise<void> {
  await untilNothingLeft(inventory, withinMs, 'everything the fixture started to disappear');
  expect(await leftovers(inventory)).toEqual([]);
}

/** After a failed test: SIGKILL the fixture if it still runs and let its reaper clean up. */
export async function reapFailedFixture(
  fixture: LaunchedFixture<unknown>,
  inventory: Inventory,
): Promise<void> {
  if (fixture.child.exitCode !== null || fixture.child.signalCode !== null) return;
  fixture.child.kill('SIGKILL');
  await fixture.exit;
  await untilNothingLeft(inventory, 20_000, 'the leftovers of a failed test');
}
