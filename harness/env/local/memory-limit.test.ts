import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MemoryLimitEvent } from '../provider.js';
import { localProvider, type LocalTopology } from './local-provider.js';
import { isAlive } from './proc-table.mjs';
import { pollUntil } from './wait.js';
import { referencePod, referenceServices } from '../../targets/reference.js';

const MiB = 1024 * 1024;

/** The local provider's memory limit on a real gateway pod: OOM kill, restart with backoff, teardown. */
describe('local provider: a pod memory limit (restartPolicy Always) on a real gateway', () => {
  let logDir: string;
  let topology: LocalTopology;

  beforeAll(async () => {
    logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-memory-limit-'));
    topology = await localProvider.up({
      pods: 1,
      zones: ['a'],
      services: referenceServices(false),
      databaseZone: 'a',
      timeScale: 0.1,
      logDir,
      pod: referencePod({ REQUIRE_AUTH: 'false', LOG_LEVEL: 'warn' }),
      loadBalancer: { affinity: true, tunnelTimeoutMs: 8_000, checkIntervalMs: 500, allowUpgrade: true },
    });
  }, 60_000);

  afterAll(async () => {
    await topology?.down();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('kills the pod over its limit, restarts it after the backoff, gives up after maxRestarts', async () => {
    const rss = topology.podMemoryBytes('pod-a');
    expect(rss).toBeGreaterThan(20 * MiB);
    const firstPid = topology.inventory().pids['gateway-pod-a']!;
    const events: MemoryLimitEvent[] = [];
    // A limit below what a freshly booted gateway uses: every start of the pod goes over it.
    await topology.setPodMemoryLimit('pod-a', {
      bytes: 10 * MiB,
      restartBackoffMs: 300,
      maxRestarts: 1,
      onEvent: (e) => events.push(e),
    });
    await pollUntil(() => (events.some((e) => e.type === 'gave-up') ? true : undefined), {
      timeoutMs: 45_000,
      what: 'the pod to be OOM-killed, restarted, killed again and given up on',
    });
    expect(events.map((e) => e.type)).toEqual([
      'oom-killed',
      'restarting',
      'restarted',
      'oom-killed',
      'gave-up',
    ]);
    expect(events[0]).toMatchObject({ pod: 'pod-a', limitBytes: 10 * MiB, exit: { signal: 'SIGKILL' } });
    expect(events[1]).toMatchObject({ restart: 1, backoffMs: 300 });
    expect(isAlive(firstPid)).toBe(false);
    expect(topology.isPodRunning('pod-a')).toBe(false);
    expect(topology.podMemoryBytes('pod-a')).toBeUndefined();

    // Lifted, the pod starts and stays up.
    await topology.setPodMemoryLimit('pod-a', null);
    await topology.startPod('pod-a');
    const res = await fetch(`${topology.pods[0]!.url}/health`);
    expect(res.status).toBe(200);
    expect(topology.podMemoryBytes('pod-a')).toBeGreaterThan(20 * MiB);
  }, 60_000);

  it('down() cancels a pending restart: nothing is started after the topology is down', async () => {
    const events: MemoryLimitEvent[] = [];
    await topology.setPodMemoryLimit('pod-a', {
      bytes: 10 * MiB,
      restartBackoffMs: 60_000,
      onEvent: (e) => events.push(e),
    });
    await pollUntil(() => (events.length > 0 ? true : undefined), {
      timeoutMs: 10_000,
      what: 'the OOM kill',
    });
    const pids = Object.values(topology.inventory().pids);
    await topology.down();
    expect(events.map((e) => e.type)).toEqual(['oom-killed']);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);
    await expect(topology.setPodMemoryLimit('pod-a', null)).rejects.toThrow(/topology is down/);
  }, 60_000);
});
