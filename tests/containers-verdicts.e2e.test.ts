// The containers provider gives the same verdicts as the local one: single-pod-failure and zone-loss,
// same seed and size, run on both; every criterion must have the same verdict. Skipped, saying why,
// when this machine has no Docker engine or the images are missing.
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containersSkipReason } from '../harness/env/containers/docker-test-support.js';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

const CI_ARGS = ['--time-scale', '0.1', '--clients', '60', '--seed', '3', '--no-progress'];
const skip = await containersSkipReason();
if (skip) console.warn(skip);

async function run(scenario: string, provider: string, out: string, defects = ''): Promise<RunResult> {
  const dir = join(out, `${scenario}-${provider}${defects ? `-${defects}` : ''}`);
  const cli = await drill(
    ['run', scenario, '--provider', provider, ...CI_ARGS, '--out', dir],
    defects ? { SUT_DEFECTS: defects } : {},
  );
  const runDir = readdirSync(dir).find((d) => d.endsWith(`-${scenario}`));
  expect(runDir, `${cli.stdout}\n${cli.stderr}`).toBeDefined();
  const result = JSON.parse(readFileSync(join(dir, runDir!, 'result.json'), 'utf8')) as RunResult;
  expect(cli.code, `${provider} ${scenario}:\n${cli.stdout}\n${cli.stderr}`).toBe(
    result.verdict === 'pass' ? 0 : 1,
  );
  return result;
}

const verdicts = (r: RunResult) => Object.fromEntries(r.criteria.map((c) => [c.criterion, c.verdict]));

describe.skipIf(skip !== null)(
  `same verdicts on the containers provider as on local${skip ? ` [${skip}]` : ''}`,
  () => {
    let out: string;
    beforeAll(async () => {
      out = await mkdtemp(join(tmpdir(), 'drill-containers-verdicts-'));
    });
    afterAll(async () => rm(out, { recursive: true, force: true }));

    for (const scenario of ['single-pod-failure', 'zone-loss']) {
      it(
        `${scenario}: every criterion has the same verdict on both providers`,
        { timeout: 240_000 },
        async () => {
          const local = await run(scenario, 'local', out);
          const containers = await run(scenario, 'containers', out);
          expect(containers.criteria.length).toBeGreaterThan(5);
          expect(verdicts(containers)).toEqual(verdicts(local));
          expect(containers.verdict).toBe(local.verdict);
          // The fault really happened on containers: clients of the faulted pods lost their connection.
          expect(containers.counters.unplannedDisconnects).toBeGreaterThan(0);
        },
      );
    }

    it(
      'single-pod-failure with a gateway that does not replay: the same criteria fail on both',
      { timeout: 240_000 },
      async () => {
        const local = await run('single-pod-failure', 'local', out, 'no-replay');
        const containers = await run('single-pod-failure', 'containers', out, 'no-replay');
        expect(local.verdict).toBe('fail');
        expect(verdicts(containers)).toEqual(verdicts(local));
      },
    );
  },
);
