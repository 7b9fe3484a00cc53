// The graceful-shutdown, deploy, rollback and scaling scenarios, end to end through the runner on the
// local topology, CI-sized. Opt-in (DRILL_E2E_ALL=1): about 4 minutes for the seven runs.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider } from '../harness/env/local/local-provider.js';
import type { RunResult } from '../harness/runner/result.js';
import { runScenario } from '../harness/runner/run.js';
import { SCENARIOS } from '../scenarios/index.js';
import { referenceTarget } from '../harness/targets/reference.js';

/** The procedures: graceful shutdown, deploys, rollback, scaling. */
const DEPLOY_SCENARIOS = SCENARIOS.filter((s) =>
  ['graceful-shutdown', 'zero-downtime-deploy', 'rollback', 'scale-up-down'].includes(s.name),
);

const RUN_MS = 240_000;
const verdicts = (r: RunResult) => Object.fromEntries(r.criteria.map((c) => [c.criterion, c.verdict]));
const failed = (r: RunResult) =>
  r.criteria.filter((c) => c.verdict !== 'pass').map((c) => `${c.criterion}: ${c.verdict} ${c.error ?? ''}`);

function scenario(name: string) {
  const found = DEPLOY_SCENARIOS.find((s) => s.name === name);
  if (!found) throw new Error(`no scenario ${name}`);
  return found;
}

describe.skipIf(process.env.DRILL_E2E_ALL !== '1')(
  'deploy scenarios end to end on the local topology (opt-in: DRILL_E2E_ALL=1)',
  () => {
    let out: string;
    beforeAll(async () => {
      out = await mkdtemp(join(tmpdir(), 'drill-deploy-e2e-'));
    });
    afterAll(async () => {
      await rm(out, { recursive: true, force: true });
    });

    const run = (name: string, sutDefects?: string) =>
      runScenario({
        scenario: scenario(name),
        provider: localProvider,
        target: referenceTarget(),
        timeScale: 0.1,
        seed: 3,
        clients: 60,
        outDir: out,
        ...(sutDefects ? { sutDefects } : {}),
      });

    for (const name of DEPLOY_SCENARIOS.map((s) => s.name)) {
      it(
        `${name} passes on the reference gateway`,
        async () => {
          const result = await run(name);
          expect(result.errors).toEqual([]);
          expect(failed(result)).toEqual([]);
        },
        RUN_MS,
      );
    }

    it(
      'graceful-shutdown fails with SUT_DEFECTS=no-drain: shutdown timeline, herd, unplanned disconnects',
      async () => {
        const result = await run('graceful-shutdown', 'no-drain');
        expect(result.errors).toEqual([]);
        expect(verdicts(result)).toMatchObject({
          'shutdown-timeline': 'fail',
          'reconnect-spread': 'fail',
          'deploy-unplanned-disconnects': 'fail',
          'lost-acked': 'pass',
        });
      },
      RUN_MS,
    );

    it(
      'zero-downtime-deploy fails with SUT_DEFECTS=no-drain: shutdown timeline, step churn',
      async () => {
        const result = await run('zero-downtime-deploy', 'no-drain');
        expect(result.errors).toEqual([]);
        expect(verdicts(result)).toMatchObject({
          'shutdown-timeline': 'fail',
          'deploy-step-churn': 'fail',
          'deploy-unplanned-disconnects': 'fail',
          'deploy-final-version': 'pass',
        });
      },
      RUN_MS,
    );

    it(
      'rollback fails with SUT_DEFECTS=ready-before-database: the bad version passes readiness and serves',
      async () => {
        const result = await run('rollback', 'ready-before-database');
        expect(result.errors).toEqual([]);
        expect(verdicts(result)).toMatchObject({
          'rollback-clean': 'fail',
          'health-check-success': 'fail',
          'lost-acked': 'pass',
        });
      },
      RUN_MS,
    );
  },
);
