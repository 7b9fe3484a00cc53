// The local provider boots only what the target needs: a pod started by any command, ready by its
// port, with no Redis, no PostgreSQL and no links to them.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider, type LocalTopology } from './local-provider.js';

const SERVER = `require('http').createServer((q, s) => s.end(process.env.NODE_NAME + ' ' + process.env.WHERE)).listen(Number(process.env.LISTEN_PORT), '127.0.0.1')`;

describe('the local provider with a target that needs no services', () => {
  let topology: LocalTopology;
  let logDir: string;
  beforeAll(async () => {
    logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-services-test-'));
    topology = await localProvider.up({
      pods: 2,
      zones: ['a', 'b'],
      services: { redis: false, postgres: false, standby: false },
      databaseZone: 'a',
      timeScale: 0.1,
      logDir,
      pod: {
        local: {
          command: ['node', '-e', SERVER],
          baseDir: logDir,
          env: { LISTEN_PORT: '{port}', NODE_NAME: '{pod}', WHERE: '{zone}' },
        },
        readinessPath: null,
        livenessPath: null,
        values: {},
      },
      loadBalancer: { affinity: false, tunnelTimeoutMs: 8_000, checkIntervalMs: 500, allowUpgrade: true },
    });
  }, 60_000);
  afterAll(async () => {
    await topology?.down();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('starts the command with the filled template, checks it by TCP, and boots no Redis nor PostgreSQL', async () => {
    expect(await (await fetch(topology.pods[1]!.url)).text()).toBe('pod-b b');
    expect(topology.links).toEqual(['client->pod-a', 'client->pod-b']);
    expect(topology.databaseUrl).toBeNull();
    const { pids } = topology.inventory();
    expect(Object.keys(pids).sort()).toEqual(['fault-proxy', 'gateway-pod-a', 'gateway-pod-b', 'haproxy']);
    expect(topology.loadBalancer.config).not.toContain('httpchk');
    expect(await topology.serverStates()).toEqual({ 'pod-a': 'UP', 'pod-b': 'UP' });
    await expect(topology.stopRedis()).rejects.toThrow(/has no Redis/);
  });

  it('adds a pod with only its client link', async () => {
    const added = await topology.addPod!();
    expect(added.name).toBe('pod-c');
    expect(topology.links).toContain('client->pod-c');
    expect(topology.links.filter((l) => l.startsWith('pod-c'))).toEqual([]);
    expect(await (await fetch(added.url)).text()).toBe('pod-c a');
  }, 30_000);
});
