import { describe, expect, it } from 'vitest';
import { startCpuHog } from './cpu-hog.js';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('startCpuHog', () => {
  it('spins in a child process until stopped by its PID', async () => {
    const hog = startCpuHog(30_000);
    expect(hog.pid).toBeTypeOf('number');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(hog.pid!)).toBe(true);
    await hog.stop();
    expect(alive(hog.pid!)).toBe(false);
    await hog.stop();
  });

  it('exits by itself after maxMs, and refuses an unbounded one', async () => {
    const hog = startCpuHog(100);
    const deadline = Date.now() + 10_000;
    while (alive(hog.pid!) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(alive(hog.pid!)).toBe(false);
    await hog.stop();
    expect(() => startCpuHog(Number.POSITIVE_INFINITY)).toThrow(/maxMs/);
    expect(() => startCpuHog(0)).toThrow(/maxMs/);
  });
});
