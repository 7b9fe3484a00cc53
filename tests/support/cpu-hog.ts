import { spawn } from 'node:child_process';

/** The longest a hog may be asked to run: it must never outlive a test run by much. */
export const MAX_HOG_MS = 10 * 60_000;

export interface CpuHog {
  /** The hog's process id (the test stops it by this id, never by name). */
  pid: number | undefined;
  /** Kills the hog (SIGKILL to its PID) unless it already exited; resolves once it is gone. */
  stop(): Promise<void>;
}

/**
 * A busy loop on one core in a child process (`node -e`), to run a test on a loaded machine. It
 * exits by itself after `maxMs` (at most MAX_HOG_MS), so a test that dies before stop() leaves
 * nothing spinning for long; stop() ends it sooner.
 */
export function startCpuHog(maxMs: number): CpuHog {
  if (!(Number.isFinite(maxMs) && maxMs > 0 && maxMs <= MAX_HOG_MS)) {
    throw new Error(`startCpuHog: maxMs must be in (0, ${MAX_HOG_MS}], got ${maxMs}`);
  }
  const loop = `const end = Date.now() + ${Math.round(maxMs)}; let x = 0; while (Date.now() < end) x = (x + 1) % 1e9;`;
  const child = spawn(process.execPath, ['-e', loop], { stdio: 'ignore' });
  const gone = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  return {
    pid: child.pid,
    async stop() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(child.pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await gone;
    },
  };
}
