import { describe, expect, it } from 'vitest';
import type { MatrixRow } from '../harness/matrix/run-matrix.js';
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
});
