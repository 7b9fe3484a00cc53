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
 * Renders every reporter and writes its files into `runDir` (created if missing). All reporters
 * render before anything is written, so a reporter that throws leaves no half-written report set.
 * Synchronous: a handful of files at the end of a run. Returns the paths written.
 */
export function writeReports(result: RunResult, runDir: string, reporters: readonly Reporter[]): string[] {
  const files = reporters.flatMap((reporter) => reporter.render(result));
  const seen = new Set<string>();
  for (const { file } of files) {
    if (file !== path.basename(file) || file === '' || file === '.' || file === '..') {
      throw new Error(`report file name must be a plain file name, got ${JSON.stringify(file)}`);
    }
    if (seen.has(file)) throw new Error(`two reporters write ${file}`);
    seen.add(file);
  }
  mkdirSync(runDir, { recursive: true });
  const written: string[] = [];
  for (const { file, content } of files) {
    const target = path.join(runDir, file);
    writeFileSync(target, content, 'utf8');
    written.push(target);
  }
  return written;
}
