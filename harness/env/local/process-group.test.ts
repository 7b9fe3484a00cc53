import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { liveGroupPids, runGroup, spawnGroup } from './process-group.js';
import { isAlive, type ProcInfo } from './proc-table.mjs';
import { pollUntil } from './wait.js';
import { processTree } from './test-support/probes.js';

const logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-pg-test-'));
afterAll(() => rmSync(logDir, { recursive: true, force: true }));

async function treeOf(pid: number, ready: (tree: ProcInfo[]) => boolean) {
  return pollUntil(
    () => {
      const tree = processTree(pid);
      return ready(tree) ? tree : undefined;
    },
    { timeoutMs: 5_000, what: `the processes under ${pid}` },
  );
}

describe('spawnGroup', () => {
  it('stop() ends the leader and the rest of its group', async () => {
    const group = spawnGroup('sh', ['-c', 'sleep 300 & sleep 300']);
    const tree = await treeOf(group.pid, (tree) => tree.length >= 3);
    expect(liveGroupPids()).toContain(group.pid);
    expect(await group.stop()).toEqual({ code: null, signal: 'SIGTERM' });
    expect(tree.filter((p) => isAlive(p.pid, p.startTime))).toEqual([]);
    expect(liveGroupPids()).not.toContain(group.pid);
    expect(await group.stop()).toEqual({ code: null, signal: 'SIGTERM' }); // idempotent
  });

  it('escalates to SIGKILL when the polite signal is ignored', async () => {
    const group = spawnGroup('sh', ['-c', 'trap "" TERM; sleep 300 & wait']);
    const tree = await treeOf(group.pid, (t) => t.some((p) => p.pid !== group.pid));
    const started = Date.now();
    const exit = await group.stop({ timeoutMs: 500 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    expect(exit.signal).toBe('SIGKILL');
    expect(tree.filter((p) => isAlive(p.pid, p.startTime))).toEqual([]);
  });

  it('stop() also ends a paused (SIGSTOPped) group gracefully, without waiting for the timeout', async () => {
    const group = spawnGroup('sh', ['-c', 'trap "exit 7" TERM; while :; do sleep 0.1; done']);
    await treeOf(group.pid, (t) => t.length >= 2);
    group.signal('SIGSTOP');
    const started = Date.now();
    expect(await group.stop({ timeoutMs: 10_000 })).toEqual({ code: 7, signal: null });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kill() also reaches descendants that left the group (as PostgreSQL children do)', async () => {
    const group = spawnGroup('sh', ['-c', 'setsid sleep 300 & wait']);
    // wait until the child has called setsid()
    const tree = await treeOf(group.pid, (t) => t.some((p) => p.pgid !== group.pid));
    expect(tree.length).toBe(2);
    await group.kill();
    expect(tree.filter((p) => isAlive(p.pid, p.startTime))).toEqual([]);
  });

  it('appends stdout and stderr to the log file', async () => {
    const logFile = path.join(logDir, 'echo.log');
    await runGroup('sh', ['-c', 'echo out; echo err >&2'], { logFile });
    await runGroup('sh', ['-c', 'echo again'], { logFile });
    expect(readFileSync(logFile, 'utf8')).toBe('out\nerr\nagain\n');
  });

  it('runGroup() failures carry the end of the log', async () => {
    const logFile = path.join(logDir, 'fail.log');
    await expect(runGroup('sh', ['-c', 'echo boom >&2; exit 3'], { logFile })).rejects.toThrow(
      /sh -c echo boom >&2; exit 3 exited with code 3\n {2}last lines of .*fail\.log:\n {4}boom/,
    );
    await expect(runGroup('sleep', ['300'], { timeoutMs: 300 })).rejects.toThrow(/timed out after 300 ms/);
  });

  it('a missing command is a clear error', () => {
    expect(() => spawnGroup('/nonexistent/drill-binary', [])).toThrow(
      /could not start \/nonexistent\/drill-binary/,
    );
  });
});
