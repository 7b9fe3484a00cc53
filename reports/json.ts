import type { RunResult } from '../harness/runner/result.js';
import type { Reporter } from './reporter.js';

export const RESULT_JSON = 'result.json';

/** The RunResult as pretty JSON, `schemaVersion` first so readers can dispatch on it. */
export function renderResultJson(result: RunResult): string {
  const { schemaVersion, ...rest } = result;
  return `${JSON.stringify({ schemaVersion, ...rest }, null, 2)}\n`;
}

export const jsonReporter: Reporter = {
  name: 'json',
  render: (result) => [{ file: RESULT_JSON, content: renderResultJson(result) }],
};
