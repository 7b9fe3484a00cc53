import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../harness/history/events.js';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

// Opt-in: each run boots the whole topology for about a minute, so the default suite leaves them out.
// DRILL_E2E_ALL=1 npx vitest run tests/memory-soak.e2e.test.ts
const OPTED_IN = process.env.DRILL_E2E_ALL === '1';
const CI_ARGS = ['--time-scale', '0.1', '--clients', '60', '--seed', '1', '--no-progress'];
const RUN_TIMEOUT_MS = 300_000;

function runDirIn(out: string): string {
  const dirs = readdirSync(out).filter((d) => d.endsWith('-memory-soak'));
  expect(dirs).toHaveLength(1);
  return join(out, dirs[0]!);
}

const resultOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as RunResult;
const historyOf = (dir: string) =>
  readFileSync(join(dir, 'history.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as HistoryEvent);
const criterion = (r: RunResult, id: string) => r.criteria.find((c) => c.criterion === id)!;

describe.skipIf(!OPTED_IN)('memory-soak end to end through the CLI (opt-in: DRILL_E2E_ALL=1)', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-e2e-memory-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it(
    'passes on the reference gateway: churn leaves nothing behind, the OOM-killed pod comes back (opt-in)',
    async () => {
      const target = join(out, 'reference');
      const run = await drill(['run', 'memory-soak', ...CI_ARGS, '--out', target]);
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
      const dir = runDirIn(target);
      const result = resultOf(dir);
      expect(result.verdict).toBe('pass');
      expect(criterion(result, 'memory-sessions-released').value).toBe(0);
      // The drill did what it claims: thousands of churn connections, and a real OOM kill and restart.
      const history = historyOf(dir);
      const churned = history
        .filter((e) => e.type === 'churn.cycle' && e.state === 'closed')
        .flatMap((e) => (e.type === 'churn.cycle' ? Object.values(e.openedByPod) : []))
        .reduce((sum, n) => sum + n, 0);
      expect(churned).toBeGreaterThan(1_000);
      const oom = history.filter((e) => e.type === 'pod.state' && e.reason === 'OOMKilled');
      expect(oom).toHaveLength(1);
      expect(criterion(result, 'oom-restart').value).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'fails memory-sessions-released with SUT_DEFECTS=leak-on-disconnect (opt-in)',
    async () => {
      const target = join(out, 'leak-on-disconnect');
      const run = await drill(['run', 'memory-soak', ...CI_ARGS, '--out', target], {
        SUT_DEFECTS: 'leak-on-disconnect',
      });
      expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
      const result = resultOf(runDirIn(target));
      const failed = result.criteria.filter((c) => c.verdict === 'fail').map((c) => c.criterion);
      expect(failed).toEqual(['memory-sessions-released']);
      // Every churn connection's record is kept, on every pod.
      const leak = criterion(result, 'memory-sessions-released');
      const perPod = Object.entries(leak.details).filter(([key]) => key.endsWith('.churned'));
      expect(perPod).toHaveLength(3);
      for (const [key, churned] of perPod) {
        expect(churned).toBeGreaterThan(100);
        expect(leak.details[key.replace(/churned$/, 'left')], key).toBe(churned);
      }
      expect(leak.evidence[0]!.summary).toMatch(/never released/);
    },
    RUN_TIMEOUT_MS,
  );
});
