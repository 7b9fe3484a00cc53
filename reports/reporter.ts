import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { RunResult } from '../harness/runner/result.js';

/** One output file of a reporter, named relative to the run directory. */
export interface ReportFile {
  file: string;
  content: string;
}

/** A reporter is pure: it turns a result into files and never touches the disk itself. */
export interface Reporter {
  name: string;
  render(result: RunResult): ReportFile[];
}

/**
 * Renders every reporter and writes its files into `runDir` (created if missing). A reporter that
 * throws, or names a file outside the run directory or one another reporter writes, must not cost
 * the run its other reports: its failure is added to `result.errors` (a harness error, exit code 2)
 * and every other reporter renders again with it, so result.json and the rest say what went wrong.
 * Synchronous: a handful of files at the end of a run. Returns the paths written.
 */
export function writeReports(result: RunResult, runDir: string, reporters: readonly Reporter[]): string[] {
  let rendered = renderEach(result, reporters);
  if (rendered.failures.length > 0) {
    result.errors.push(...rendered.failures);
    const working = reporters.filter((r) => rendered.ok.has(r));
    rendered = renderEach(result, working);
    // A reporter that worked once but not with the errors in: say so, and write what still renders.
    result.errors.push(...rendered.failures);
  }
  mkdirSync(runDir, { recursive: true });
  return rendered.files.map(({ file, content }) => {
    const target = path.join(runDir, file);
    writeFileSync(target, content, 'utf8');
    return target;
  });
}

function renderEach(
  result: RunResult,
  reporters: readonly Reporter[],
): { files: ReportFile[]; ok: Set<Reporter>; failures: string[] } {
  const files: ReportFile[] = [];
  const ok = new Set<Reporter>();
  const failures: string[] = [];
  const seen = new Set<string>();
  for (const reporter of reporters) {
    try {
      const out = reporter.render(result);
      for (const { file } of out) {
        if (file !== path.basename(file) || file === '' || file === '.' || file === '..')
          throw new Error(`report file name must be a plain file name, got ${JSON.stringify(file)}`);
        if (seen.has(file)) throw new Error(`two reporters write ${file}`);
      }
      for (const { file } of out) seen.add(file);
      files.push(...out);
      ok.add(reporter);
    } catch (err) {
      failures.push(`reporter ${reporter.name} failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return { files, ok, failures };
}
