import { describe, expect, it } from 'vitest';
import type { MatrixRow } from '../harness/matrix/cell.js';
import { judgeCell } from '../harness/matrix/judge-cell.js';
import { matrixCounts, renderMatrix } from './matrix.js';
import { fixtureResult } from './test-support/fixture.js';

function row(cell: MatrixRow['cell'], failing: string[]): MatrixRow {
  const base = fixtureResult();
  const result = {
    ...base,
    errors: [],
    runDir: '/m/runs/r1',
    criteria: base.criteria.map(
      (c) => ({ ...c, verdict: failing.includes(c.criterion) ? 'fail' : 'pass' }) as const,
    ),
  };
  return { cell, outcome: judgeCell(cell, result), result };
}

describe('defect matrix reports', () => {
  const criterion = fixtureResult().criteria[0]!.criterion;
  const rows = [
    row({ scenario: 'single-pod-failure', fails: [] }, []),
    row({ scenario: 'single-pod-failure', defect: 'no-replay', fails: [criterion] }, [criterion]),
    row({ scenario: 'zone-loss', defect: 'no-replay', fails: [criterion] }, []),
    row({ scenario: 'zone-loss', fails: [] }, [criterion]),
  ];
  const files = renderMatrix({
    rows,
    startedAt: 'x',
    wallMs: 1000,
    timeScale: 0.1,
    clients: 60,
    seed: 1,
    dir: '/m',
  });
  const file = (name: string) => files.find((f) => f.file === name)!.content;

  it('counts catches, greens, misses and false alarms', () => {
    expect(matrixCounts(rows)).toEqual({
      cells: 4,
      ok: 2,
      caught: 1,
      green: 1,
      misses: 1,
      falseAlarms: 1,
      inconclusive: 0,
      notApplicable: 0,
    });
  });

  it('headlines FAIL with the miss and the false alarm, and links each run', () => {
    const md = file('matrix.md');
    expect(md.split('\n')[0]).toBe(
      '# Defect matrix: FAIL: 4 cells: 1 breaks caught by the declared criterion, 1 reference runs green, 1 misses, 1 false alarms',
    );
    expect(md).toContain('**MISSED**: nothing failed');
    expect(md).toContain('**FALSE ALARM**: the reference gateway failed');
    expect(md).toContain('[report](runs/r1/report.md)');
    expect(file('matrix.html')).toContain('<span class="pill">MISSED</span>');
  });

  it('writes one JUnit testcase per cell, failures for the cells that are not ok', () => {
    const junit = file('junit.xml');
    expect((junit.match(/<testcase /g) ?? []).length).toBe(4);
    expect(junit).toContain('tests="4" failures="2"');
    expect(junit).toContain('type="missed"');
    expect(junit).toContain('type="false-alarm"');
  });

  it('names a cell whose expected criterion is not applicable to the target as a wrong outcome', () => {
    const base = fixtureResult();
    const reason = 'the target does not offer durable-store (a store the final audit can read)';
    const cell = { scenario: 'single-pod-failure', defect: 'no-replay', fails: [criterion] };
    const result = {
      ...base,
      errors: [],
      runDir: '/m/runs/r2',
      criteria: base.criteria.map((c) =>
        c.criterion === criterion
          ? { ...c, verdict: 'not-applicable' as const, value: null, notApplicable: reason }
          : { ...c, verdict: 'pass' as const },
      ),
    };
    const naRows = [{ cell, outcome: judgeCell(cell, result), result }];
    expect(matrixCounts(naRows)).toMatchObject({ cells: 1, ok: 0, misses: 0, notApplicable: 1 });
    const out = renderMatrix({
      rows: naRows,
      startedAt: 'x',
      wallMs: 1,
      timeScale: 0.1,
      clients: 60,
      seed: 1,
      dir: '/m',
    });
    const md = out.find((f) => f.file === 'matrix.md')!.content;
    expect(md.split('\n')[0]).toBe(
      '# Defect matrix: FAIL: 1 cells: 0 breaks caught by the declared criterion, 0 reference runs green, 0 misses, 0 false alarms, 1 expecting a criterion not applicable to the target',
    );
    expect(md).toContain(
      `**NOT APPLICABLE**: expected to fail but not applicable to the target: ${criterion} (${reason})`,
    );
    const junit = out.find((f) => f.file === 'junit.xml')!.content;
    expect(junit).toContain('type="not-applicable"');
    expect(junit).toContain('failures="1"');
  });
});
