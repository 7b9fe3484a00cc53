import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../harness/history/events.js';
import type { RunResult } from '../harness/runner/result.js';
import { DRILL } from './support/drill-cli.js';

/** Processes holding a file open under `dir`: every component logs into the run directory. */
function holders(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      for (const fd of readdirSync(`/proc/${entry}/fd`)) {
        if (readlinkSync(`/proc/${entry}/fd/${fd}`).startsWith(dir)) {
          pids.push(Number(entry));
          break;
        }
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

async function untilNoHolders(dir: string, timeoutMs: number): Promise<number[]> {
  const deadline = Date.now() + timeoutMs;
  let left = holders(dir);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(200);
    left = holders(dir);
  }
  return left;
}

/** Starts a run and resolves once its progress lines say the fault is injected. */
function startRunUntilFault(out: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [DRILL, 'run', 'single-pod-failure', '--time-scale', '0.1', '--clients', '30', '--out', out],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      text += d.toString();
      if (/\] (fault|observe) /.test(text) && /faults: pod-kill/.test(text))
        resolve({ child, output: () => text });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`drill exited (${code}) before the fault:\n${text}`)));
  });
}

const runDirIn = (out: string) => join(out, readdirSync(out)[0]!);

describe('stopping a run: nothing the harness started outlives it', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-interrupt-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('Ctrl-C mid-fault heals the fault, tears the topology down, writes the result and exits 2', async () => {
    const dir = join(out, 'sigint');
    const { child } = await startRunUntilFault(dir);
    const runDir = runDirIn(dir);
    expect(holders(runDir).length, 'components are running').toBeGreaterThan(3);
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(2);
    expect(await untilNoHolders(runDir, 5_000), 'processes still holding the run directory').toEqual([]);

    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;
    expect(result.errors.join('\n')).toMatch(/aborted by the user/);
    const history = readFileSync(join(runDir, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as HistoryEvent);
    const types = history.map((e) => e.type);
    expect(types, 'the injected fault was healed').toContain('fault.end');
    expect(types.at(-1)).toBe('run.end');
  }, 120_000);

  it('a runner killed with SIGKILL leaves nothing behind: its watchdog stops every component', async () => {
    const dir = join(out, 'sigkill');
    const { child } = await startRunUntilFault(dir);
    const runDir = runDirIn(dir);
    expect(holders(runDir).length).toBeGreaterThan(3);
    child.kill('SIGKILL');
    expect(await untilNoHolders(runDir, 15_000), 'processes still holding the run directory').toEqual([]);
  }, 120_000);
});
