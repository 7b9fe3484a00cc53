import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider } from '../harness/env/local/local-provider.js';
import type { RunResult } from '../harness/runner/result.js';
import { validateScenario } from '../harness/runner/validate-scenario.js';
import { SCENARIOS } from '../scenarios/index.js';
import { drill } from './support/drill-cli.js';

// Opt-in: each run boots the whole topology for 20-60 s, so the default suite leaves them out.
// DRILL_E2E_ALL=1 npx vitest run tests/failover-scenarios.e2e.test.ts
const OPTED_IN = process.env.DRILL_E2E_ALL === '1';
const CI_ARGS = ['--time-scale', '0.1', '--clients', '60', '--seed', '1', '--no-progress'];
const RUN_TIMEOUT_MS = 300_000;

function resultIn(out: string, scenario: string): RunResult {
  const dirs = readdirSync(out).filter((d) => d.endsWith(`-${scenario}`));
  expect(dirs).toHaveLength(1);
  return JSON.parse(readFileSync(join(out, dirs[0]!, 'result.json'), 'utf8')) as RunResult;
}

/** The failover scenarios beyond a single pod. */
const FAILOVER_SCENARIOS = SCENARIOS.filter((s) =>
  ['zone-loss', 'database-failover', 'redis-outage', 'complete-outage'].includes(s.name),
);

const failed = (r: RunResult) => r.criteria.filter((c) => c.verdict === 'fail').map((c) => c.criterion);

/** Each scenario passes on the reference gateway and fails on the defect it exists to catch. */
const CATCHES: Array<{ scenario: string; defect: string; criterion: string }> = [
  { scenario: 'zone-loss', defect: 'no-replay', criterion: 'undelivered' },
  { scenario: 'database-failover', defect: 'health-ignores-db', criterion: 'health-truthfulness' },
  { scenario: 'database-failover', defect: 'ack-before-commit', criterion: 'lost-acked' },
  { scenario: 'redis-outage', defect: 'redis-fatal', criterion: 'disconnects-during-fault' },
  { scenario: 'complete-outage', defect: 'no-replay', criterion: 'undelivered' },
];

/** Scenarios the CLI refuses to run today (validateScenario does not know every target yet). */
const refused = (name: string) => {
  const scenario = FAILOVER_SCENARIOS.find((s) => s.name === name);
  return scenario === undefined || validateScenario(scenario, localProvider).length > 0;
};

describe.skipIf(!OPTED_IN)('failover scenarios end to end through the CLI (opt-in: DRILL_E2E_ALL=1)', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-e2e-failover-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  for (const name of FAILOVER_SCENARIOS.map((s) => s.name)) {
    it.skipIf(refused(name))(
      `${name} passes on the reference gateway (opt-in)`,
      async () => {
        const dir = join(out, `${name}-reference`);
        const run = await drill(['run', name, ...CI_ARGS, '--out', dir]);
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
        const result = resultIn(dir, name);
        expect(result.verdict).toBe('pass');
        expect(result.faults.length).toBeGreaterThan(0);
      },
      RUN_TIMEOUT_MS,
    );
  }

  for (const { scenario, defect, criterion } of CATCHES) {
    it.skipIf(refused(scenario))(
      `${scenario} fails on ${criterion} with SUT_DEFECTS=${defect} (opt-in)`,
      async () => {
        const dir = join(out, `${scenario}-${defect}`);
        const run = await drill(['run', scenario, ...CI_ARGS, '--out', dir], { SUT_DEFECTS: defect });
        expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
        expect(failed(resultIn(dir, scenario))).toContain(criterion);
      },
      RUN_TIMEOUT_MS,
    );
  }
});
