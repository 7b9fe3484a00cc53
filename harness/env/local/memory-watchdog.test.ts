import { afterEach, describe, expect, it } from 'vitest';
import type { MemoryLimitEvent } from '../provider.js';
import { groupRssBytes, MemoryWatchdog, processRssBytes } from './memory-watchdog.js';
import { PodMemoryLimiter } from './pod-memory-limiter.js';
import { isAlive } from './proc-table.mjs';
import { spawnGroup, type ProcessGroup } from './process-group.js';
import { pollUntil, sleep } from './wait.js';

const MiB = 1024 * 1024;

/** A real process that touches `growMiB` more MiB of memory, 4 MiB every 40 ms, then idles. */
function hog(growMiB: number): ProcessGroup {
  const script = `
    const held = [];
    const grow = setInterval(() => {
      if (held.length * 4 >= ${growMiB}) return clearInterval(grow);
      held.push(Buffer.alloc(4 * 1024 * 1024, 1));
    }, 40);
    setInterval(() => {}, 60000);`;
  return spawnGroup(process.execPath, ['-e', script]);
}

const started: ProcessGroup[] = [];
function spawnHog(growMiB: number): ProcessGroup {
  const group = hog(growMiB);
  started.push(group);
  return group;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((g) => g.kill()));
});

describe('groupRssBytes', () => {
  it('reads the resident memory of a real process group, and nothing once it is gone', async () => {
    const group = spawnHog(40);
    const grown = await pollUntil(
      () => {
        const rss = groupRssBytes(group.pid);
        return rss !== undefined && rss > 40 * MiB ? rss : undefined;
      },
      { timeoutMs: 10_000, what: 'the hog to grow past 40 MiB' },
    );
    expect(grown).toBeGreaterThan(40 * MiB);
    expect(processRssBytes(group.pid)).toBeGreaterThan(0);
    await group.kill();
    expect(groupRssBytes(group.pid)).toBeUndefined();
  });
});

describe('MemoryWatchdog', () => {
  it('reports the first reading over the limit once, then stops', async () => {
    const group = spawnHog(120);
    await pollUntil(() => groupRssBytes(group.pid), { timeoutMs: 5_000, what: 'the hog to start' });
    const baseline = groupRssBytes(group.pid)!;
    const readings: number[] = [];
    const watchdog = new MemoryWatchdog({
      pgid: () => group.pid,
      limitBytes: baseline + 48 * MiB,
      intervalMs: 50,
      onExceeded: (rss) => readings.push(rss),
    });
    watchdog.start();
    await pollUntil(() => (readings.length > 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the watchdog to fire',
    });
    expect(readings).toHaveLength(1);
    expect(readings[0]).toBeGreaterThan(baseline + 48 * MiB);
    expect(watchdog.running).toBe(false);
    await sleep(200);
    expect(readings).toHaveLength(1);
  });

  it('stays quiet while the process is under its limit', async () => {
    const group = spawnHog(8);
    await pollUntil(() => groupRssBytes(group.pid), { timeoutMs: 5_000, what: 'the hog to start' });
    let fired = false;
    const watchdog = new MemoryWatchdog({
      pgid: () => group.pid,
      limitBytes: groupRssBytes(group.pid)! + 64 * MiB,
      intervalMs: 50,
      onExceeded: () => (fired = true),
    });
    watchdog.start();
    await sleep(800);
    watchdog.stop();
    expect(fired).toBe(false);
    expect(watchdog.peakBytes).toBeGreaterThan(0);
  });
});

describe('PodMemoryLimiter (restartPolicy Always on real processes)', () => {
  /** A "pod" whose first process leaks past any limit and whose restarts behave (grow `thenMiB`). */
  function pod(firstMiB: number, thenMiB: number) {
    let current = spawnHog(firstMiB);
    let launches = 0;
    return {
      get current() {
        return current;
      },
      controls: {
        pod: 'pod-x',
        pgid: () => (current.exitInfo === undefined ? current.pid : undefined),
        kill: () => current.kill(),
        start: async () => {
          launches += 1;
          current = spawnHog(thenMiB);
          await pollUntil(() => groupRssBytes(current.pid), { timeoutMs: 5_000, what: 'the restart' });
        },
        isDown: () => false,
      },
      launches: () => launches,
    };
  }

  it('kills the pod over its limit, restarts it after the backoff, and keeps enforcing', async () => {
    const p = pod(160, 8);
    await pollUntil(() => groupRssBytes(p.current.pid), { timeoutMs: 5_000, what: 'the pod to start' });
    const first = p.current;
    const events: MemoryLimitEvent[] = [];
    const limitBytes = groupRssBytes(first.pid)! + 64 * MiB;
    const limiter = new PodMemoryLimiter(
      p.controls,
      { bytes: limitBytes, onEvent: (e) => events.push(e) },
      { intervalMs: 50, restartBackoffMs: 300, maxRestarts: 3 },
    );
    limiter.arm();
    await pollUntil(() => (events.some((e) => e.type === 'restarted') ? true : undefined), {
      timeoutMs: 15_000,
      what: 'the OOM kill and the restart',
    });
    expect(events.map((e) => e.type)).toEqual(['oom-killed', 'restarting', 'restarted']);
    const killed = events[0] as Extract<MemoryLimitEvent, { type: 'oom-killed' }>;
    expect(killed.rssBytes).toBeGreaterThan(limitBytes);
    expect(killed.exit.signal).toBe('SIGKILL');
    expect(isAlive(first.pid)).toBe(false);
    expect(events[1]).toMatchObject({ restart: 1, backoffMs: 300 });
    expect(p.launches()).toBe(1);
    // The well-behaved restart stays under the limit.
    await sleep(500);
    expect(events).toHaveLength(3);
    await limiter.lift();
  });

  it('gives up after maxRestarts, and lift() cancels a pending restart', async () => {
    const p = pod(160, 160);
    await pollUntil(() => groupRssBytes(p.current.pid), { timeoutMs: 5_000, what: 'the pod to start' });
    const events: MemoryLimitEvent[] = [];
    const limiter = new PodMemoryLimiter(
      p.controls,
      { bytes: groupRssBytes(p.current.pid)! + 64 * MiB, onEvent: (e) => events.push(e) },
      { intervalMs: 50, restartBackoffMs: 100, maxRestarts: 1 },
    );
    limiter.arm();
    await pollUntil(() => (events.some((e) => e.type === 'gave-up') ? true : undefined), {
      timeoutMs: 20_000,
      what: 'the limiter to give up',
    });
    expect(events.map((e) => e.type)).toEqual([
      'oom-killed',
      'restarting',
      'restarted',
      'oom-killed',
      'gave-up',
    ]);
    await limiter.lift();

    const q = pod(160, 8);
    await pollUntil(() => groupRssBytes(q.current.pid), { timeoutMs: 5_000, what: 'the pod to start' });
    const later: MemoryLimitEvent[] = [];
    const slow = new PodMemoryLimiter(
      q.controls,
      { bytes: groupRssBytes(q.current.pid)! + 64 * MiB, onEvent: (e) => later.push(e) },
      { intervalMs: 50, restartBackoffMs: 60_000, maxRestarts: 3 },
    );
    slow.arm();
    await pollUntil(() => (later.length > 0 ? true : undefined), { timeoutMs: 15_000, what: 'the kill' });
    await slow.lift();
    await sleep(200);
    expect(later.map((e) => e.type)).toEqual(['oom-killed']);
    expect(q.launches()).toBe(0);
  });
});
