import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

// CI-sized: a tenth of the runbook's timers, a small fleet.
const CI_ARGS = ['--time-scale', '0.1', '--clients', '60', '--seed', '3', '--no-progress'];

const runDirIn = (out: string) => {
  const dirs = readdirSync(out).filter((d) => d.endsWith('-single-pod-failure'));
  expect(dirs).toHaveLength(1);
  return join(out, dirs[0]!);
};
const verdicts = (r: RunResult) => Object.fromEntries(r.criteria.map((c) => [c.criterion, c.verdict]));

describe('single pod failure, end to end through the CLI on the local topology', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-e2e-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('passes on the reference gateway, prints the verdict table and writes the run directory', async () => {
    const dir = join(out, 'reference');
    const run = await drill(['run', 'single-pod-failure', ...CI_ARGS, '--out', dir]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/lost-acked|Lost acked/i);
    expect(run.stdout).toMatch(/PASS/i);
    const runDir = runDirIn(dir);
    for (const f of [
      'config.json',
      'history.jsonl',
      'result.json',
      'junit.xml',
      'report.md',
      'report.html',
    ]) {
      expect(existsSync(join(runDir, f)), f).toBe(true);
    }
    expect(readdirSync(join(runDir, 'logs')).length).toBeGreaterThan(0);
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;
    expect(result.verdict).toBe('pass');
    expect(result.faults).toHaveLength(1);
    expect(result.counters.unplannedDisconnects, "the kill disconnected the pod's clients").toBeGreaterThan(
      0,
    );
    expect(result.counters.acked).toBeGreaterThan(50);

    // Re-judging the stored history gives the same verdicts and values.
    const check = await drill(['check', runDir, '--json']);
    expect(check.code, check.stderr).toBe(0);
    const rejudged = JSON.parse(check.stdout) as RunResult;
    expect(rejudged.criteria.map((c) => [c.criterion, c.verdict, c.value])).toEqual(
      result.criteria.map((c) => [c.criterion, c.verdict, c.value]),
    );
  }, 180_000);

  it('fails with SUT_DEFECTS=no-replay, exits 1, and the evidence names the messages lost', async () => {
    const dir = join(out, 'no-replay');
    const run = await drill(['run', 'single-pod-failure', ...CI_ARGS, '--out', dir], {
      SUT_DEFECTS: 'no-replay',
    });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    const runDir = runDirIn(dir);
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;
    const failed = result.criteria.filter((c) => c.verdict === 'fail').map((c) => c.criterion);
    expect(
      failed.some((c) => c === 'undelivered' || c === 'lost-acked'),
      failed.join(','),
    ).toBe(true);
    const evidence = result.criteria.find(
      (c) => c.criterion === 'undelivered' || c.criterion === 'lost-acked',
    )!.evidence;
    expect(evidence[0]).toMatchObject({
      client: expect.stringMatching(/^vu-/),
      room: expect.any(String),
      seq: expect.any(Number),
    });

    const check = await drill(['check', runDir, '--json']);
    expect(check.code).toBe(1);
    expect(verdicts(JSON.parse(check.stdout) as RunResult)).toEqual(verdicts(result));
  }, 180_000);
});
