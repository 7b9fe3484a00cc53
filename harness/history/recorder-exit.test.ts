import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readHistory } from './reader.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'drill-recorder-exit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const script = fileURLToPath(new URL('./test-support/record-then-exit.ts', import.meta.url));

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the child; `signal` is sent once it prints "ready". */
function runChild(file: string, how: string, signal?: NodeJS.Signals): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, file, how, '5000'], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      if (signal !== undefined && chunk.toString().includes('ready')) child.kill(signal);
    });
    child.on('error', reject);
    child.on('exit', (code, sig) => resolve({ code, signal: sig, stderr }));
  });
}

async function recorded(file: string) {
  return (await readHistory(file)).map((e) => (e.type === 'note' ? e.message : e.type));
}

const all5000 = Array.from({ length: 5000 }, (_, i) => `event ${i}`);

describe('recorder exit paths (child process)', () => {
  it.each([
    ['process.exit', 'exit', 3],
    ['an empty event loop', 'empty-loop', 0],
    ['an uncaught exception', 'uncaught', 1],
    ['an unhandled rejection', 'rejection', 1],
  ])('flushes everything on %s', async (_what, how, exitCode) => {
    const file = path.join(dir, `${how}.jsonl`);
    const exit = await runChild(file, how);
    expect(exit.code, exit.stderr).toBe(exitCode);
    expect(await recorded(file)).toEqual(all5000);
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('flushes on %s and still dies by it', async (signal) => {
    const file = path.join(dir, `${signal}.jsonl`);
    const exit = await runChild(file, 'signal', signal);
    expect(exit.signal, exit.stderr).toBe(signal);
    expect(await recorded(file)).toEqual(all5000);
  });

  it('leaves the process alive for an app that handles SIGTERM itself', async () => {
    const file = path.join(dir, 'handled.jsonl');
    const exit = await runChild(file, 'signal-handled-by-app', 'SIGTERM');
    expect(exit, exit.stderr).toMatchObject({ code: 0, signal: null });
    expect(await recorded(file)).toEqual([...all5000, 'app saw SIGTERM']);
  });
});
