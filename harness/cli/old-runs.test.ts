import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import singlePodFailure from '../../scenarios/single-pod-failure.js';
import { fixtureResult } from '../../reports/test-support/fixture.js';
import { drill } from '../../tests/support/drill-cli.js';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { RESULT_SCHEMA_VERSION, type RunResult } from '../runner/result.js';

// Runs recorded before schema 2 (no harness.load samples, no inconclusive verdicts, result.json
// schemaVersion 1) still judge and report: `drill check` and `drill report` on such a run directory.
describe('runs stored by an older harness', () => {
  const dir = mkdtempSync(join(tmpdir(), 'drill-old-run-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('drill check re-judges a history without load samples, using its run-wide clock record', async () => {
    const b = new HistoryBuilder().online('c1', 'pod-a', ['r1']).online('c2', 'pod-b', ['r1']);
    for (const checkpoint of ['ramp', 'steady-state'] as const)
      b.push({ type: 'clients.census', checkpoint, clients: 2, connected: 2, unconnected: [] });
    b.at(1000).disconnect('c1', { pod: 'pod-a' });
    b.at(2200).connect('c1', 'pod-b').resumed('c1', 'r1');
    b.at(3000).push({
      type: 'harness.clock',
      loopDelayP99Ms: 5,
      loopDelayMaxMs: 12,
      databaseOffsetMs: 0.5,
      databaseRttMs: 1,
    });
    const runDir = join(dir, 'run');
    mkdirSync(runDir);
    writeFileSync(
      join(runDir, 'history.jsonl'),
      b
        .end()
        .build()
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    writeFileSync(
      join(runDir, 'config.json'),
      JSON.stringify({
        scenario: {
          ...singlePodFailure,
          criteria: [{ id: 'reconnect-time', threshold: 5000, source: 'Scenario 1: <5 s p95' }],
        },
        seed: 1,
        timeScale: 0.1,
        clients: 2,
        provider: 'local',
        startedAt: '2026-11-01T00:00:00.000Z',
        versions: {},
        gitSha: null,
      }),
    );
    const check = await drill(['check', runDir, '--json']);
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
    const result = JSON.parse(check.stdout) as RunResult;
    expect(result.schemaVersion).toBe(RESULT_SCHEMA_VERSION);
    expect(result.criteria).toEqual([
      expect.objectContaining({ criterion: 'clients-connected', verdict: 'pass' }),
      expect.objectContaining({
        criterion: 'reconnect-time',
        verdict: 'pass',
        value: 1200,
        uncertainty: expect.objectContaining({ margin: 12 }),
      }),
    ]);
    expect(result.harnessHealth?.sampled).toBe(false);
  });

  it('drill report renders a schema-1 result.json', async () => {
    const runDir = join(dir, 'schema-1');
    mkdirSync(runDir);
    const old = fixtureResult();
    expect(old.schemaVersion).toBe(1);
    writeFileSync(join(runDir, 'result.json'), JSON.stringify(old));
    const report = await drill(['report', runDir]);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(runDir, 'report.md'), 'utf8')).toMatch(/^# FAIL — /);
  });
});
