// A zone cut on containers: testcontainers 11 attaches a container given network aliases to the
// default bridge as well as to the run's network, and a partition must cut it from both (a published
// port on the bridge would otherwise still answer). Skipped, saying why, without Docker or the images.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from './docker-engine.js';
import { containersProvider } from './containers-provider.js';
import type { ContainersTopology } from './containers-topology.js';
import { containersSkipReason } from './docker-test-support.js';
import { LABEL } from './stack-plan.js';
import { referencePod, referenceServices } from '../../targets/reference.js';

const skip = await containersSkipReason();

async function networksOf(topology: ContainersTopology, pod: string): Promise<Record<string, string[]>> {
  const [info] = await docker().listContainers({
    all: true,
    filters: { label: [`${LABEL.run}=${topology.runId}`, `${LABEL.pod}=${pod}`] },
  });
  const inspect = await docker().getContainer(info!.Id).inspect();
  return Object.fromEntries(
    Object.entries(inspect.NetworkSettings.Networks ?? {}).map(([name, endpoint]) => [
      name,
      endpoint.Aliases ?? [],
    ]),
  );
}

async function answers(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1_500) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}

describe.skipIf(skip !== null)(`zone cut on containers${skip ? ` [${skip}]` : ''}`, () => {
  let topology: ContainersTopology;
  let logDir: string;
  beforeAll(async () => {
    logDir = mkdtempSync(join(tmpdir(), 'drill-zone-cut-'));
    topology = await containersProvider.up({
      pods: 2,
      zones: ['a', 'b'],
      services: referenceServices(false),
      databaseZone: 'a',
      timeScale: 0.1,
      logDir,
      pod: referencePod({ REQUIRE_AUTH: 'false', LOG_LEVEL: 'warn' }),
      loadBalancer: { affinity: true, allowUpgrade: true, checkIntervalMs: 500, tunnelTimeoutMs: 8_000 },
    });
  }, 120_000);
  afterAll(async () => {
    await topology?.down();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('cuts the pod from the run network and the default bridge, and rejoins both with its alias', async () => {
    const before = await networksOf(topology, 'pod-a');
    expect(Object.keys(before).sort(), 'testcontainers put it on the bridge too').toEqual(
      ['bridge', topology.runId].sort(),
    );
    expect(before[topology.runId]).toContain('pod-a');

    await topology.isolatePod('pod-a');
    expect(await networksOf(topology, 'pod-a')).toEqual({});
    expect(topology.isPodRunning('pod-a'), 'a partition is not a crash').toBe(true);
    expect(await answers(`${topology.pods[0]!.url}/health`)).toBe(false);
    expect(await answers(`${topology.pods[1]!.url}/health`)).toBe(true);

    await topology.rejoinPod('pod-a');
    const after = await networksOf(topology, 'pod-a');
    expect(Object.keys(after).sort()).toEqual(['bridge', topology.runId].sort());
    expect(after[topology.runId]).toContain('pod-a');
    expect(await answers(`${topology.pods[0]!.url}/health`)).toBe(true);
    // The fault proxy reaches it by its alias again: the load balancer sees it UP.
    await expect
      .poll(async () => (await topology.serverStates())['pod-a'], { timeout: 10_000, interval: 200 })
      .toBe('UP');
  }, 60_000);
});
