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

  it('refuses file names that leave the run directory, and clashing names', async () => {
    const dir = await tempDir();
    const escaping: Reporter = { name: 'bad', render: () => [{ file: '../outside.txt', content: 'x' }] };
    expect(() => writeReports(fixtureResult(), dir, [escaping])).toThrow(/plain file name/);
    const twice: Reporter = { name: 'twice', render: () => [{ file: 'a.txt', content: 'x' }] };
    expect(() => writeReports(fixtureResult(), dir, [twice, twice])).toThrow(/two reporters write a.txt/);
    expect(await readdir(dir)).toEqual([]);
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
