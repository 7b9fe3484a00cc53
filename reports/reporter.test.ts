import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { REPORTERS, reportersByName, writeReports } from './index.js';
import type { Reporter } from './reporter.js';
import { fixtureResult } from './test-support/fixture.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'drill-reports-'));
  dirs.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('writeReports', () => {
  it('writes every registered reporter into the run directory', async () => {
    const runDir = path.join(await tempDir(), 'runs', '20251122T210405-pod-kill');
    const written = writeReports(fixtureResult(), runDir, REPORTERS);
    expect(REPORTERS.map((r) => r.name)).toEqual(['json', 'junit', 'markdown', 'html']);
    expect(written.map((f) => path.basename(f))).toEqual([
      'result.json',
      'junit.xml',
      'report.md',
      'report.html',
    ]);
    expect((await readdir(runDir)).sort()).toEqual(['junit.xml', 'report.html', 'report.md', 'result.json']);
    expect(JSON.parse(await readFile(path.join(runDir, 'result.json'), 'utf8'))).toEqual(fixtureResult());
  });

  it('refuses file names that leave the run directory, and clashing names, as harness errors', async () => {
    const dir = await tempDir();
    const escaping: Reporter = { name: 'bad', render: () => [{ file: '../outside.txt', content: 'x' }] };
    const result = fixtureResult();
    expect(writeReports(result, dir, [escaping])).toEqual([]);
    expect(result.errors.at(-1)).toMatch(/reporter bad failed: .*plain file name/);
    const twice: Reporter = { name: 'twice', render: () => [{ file: 'a.txt', content: 'x' }] };
    const clash = fixtureResult();
    expect(writeReports(clash, dir, [twice, twice]).map((f) => path.basename(f))).toEqual(['a.txt']);
    expect(clash.errors.at(-1)).toMatch(/reporter twice failed: two reporters write a.txt/);
    expect(await readdir(dir)).toEqual(['a.txt']);
    expect(await readdir(path.dirname(dir))).not.toContain('outside.txt');
  });

  it('a reporter that throws costs neither the other reports nor the run: its failure is a harness error in them', async () => {
    const runDir = await tempDir();
    const broken: Reporter = {
      name: 'broken',
      render: () => {
        throw new Error('chart library exploded');
      },
    };
    const result = fixtureResult();
    const before = result.errors.length;
    const written = writeReports(result, runDir, [REPORTERS[0]!, broken, ...REPORTERS.slice(1)]);
    expect(written.map((f) => path.basename(f))).toEqual([
      'result.json',
      'junit.xml',
      'report.md',
      'report.html',
    ]);
    expect(result.errors.slice(before)).toEqual(['reporter broken failed: chart library exploded']);
    const json = JSON.parse(await readFile(path.join(runDir, 'result.json'), 'utf8')) as { errors: string[] };
    expect(json.errors).toContain('reporter broken failed: chart library exploded');
    expect(await readFile(path.join(runDir, 'junit.xml'), 'utf8')).toContain('chart library exploded');
    expect(await readFile(path.join(runDir, 'report.md'), 'utf8')).toContain('chart library exploded');
  });
});

describe('reportersByName', () => {
  it('looks reporters up by name and rejects unknown ones', () => {
    expect(reportersByName(['junit', 'json']).map((r) => r.name)).toEqual(['junit', 'json']);
    expect(() => reportersByName(['pdf'])).toThrow(
      /unknown reporter "pdf"; known: json, junit, markdown, html/,
    );
  });
});
