import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** The `drill` entry point, run as `node drill-bin.mjs …` like `npx drill` does. */
export const DRILL = join(import.meta.dirname, '..', '..', 'harness', 'cli', 'drill-bin.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion, colour off, capturing both streams. */
export function drill(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DRILL, ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
