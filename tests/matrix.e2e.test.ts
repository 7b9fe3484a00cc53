import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFECT_MATRIX } from '../scenarios/defect-matrix.js';
import { drill } from './support/drill-cli.js';

// The part of the defect matrix `npm test` runs: the cells marked `ci` (a reference run that must be
// green, a break that must be caught by its declared criterion). The full matrix is `npm run matrix`.
describe('defect matrix, CI cells, through the CLI', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-matrix-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('every CI cell is green or caught by its declared criterion; reports and JUnit are written', async () => {
    const ciCells = DEFECT_MATRIX.filter((c) => c.ci);
    expect(ciCells.some((c) => c.fails.length === 0)).toBe(true);
    expect(ciCells.some((c) => c.fails.length > 0)).toBe(true);

    const run = await drill(['matrix', '--ci', '--no-progress', '--out', out]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toContain(`PASS: ${ciCells.length} cells`);
    expect(run.stdout).toContain('0 misses, 0 false alarms');

    const [dir] = readdirSync(out).filter((d) => d.endsWith('-matrix'));
    const md = readFileSync(join(out, dir!, 'matrix.md'), 'utf8');
    expect(md).toMatch(/single-pod-failure \| SUT_DEFECTS=no-replay \| undelivered, lost-messages .*CAUGHT/);
    const junit = readFileSync(join(out, dir!, 'junit.xml'), 'utf8');
    expect(junit).toContain(`tests="${ciCells.length}" failures="0"`);
  }, 300_000);
});
