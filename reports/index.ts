// Reporters as plugins: each turns a RunResult into files for the run directory.
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import type { Reporter } from './reporter.js';

/** Every reporter a run writes, in order: result.json, junit.xml, report.md, report.html. */
export const REPORTERS: readonly Reporter[] = [jsonReporter, junitReporter, markdownReporter, htmlReporter];

export type { Reporter, ReportFile } from './reporter.js';
export { writeReports } from './reporter.js';
export { jsonReporter, renderResultJson, RESULT_JSON } from './json.js';
export { junitReporter, junitSuite, junitTestsuite, renderJunit, JUNIT_XML } from './junit.js';
export { markdownReporter, renderMarkdown, REPORT_MD } from './markdown.js';
export { htmlReporter, renderHtml, REPORT_HTML } from './html.js';
export { renderVerdictTable } from './terminal.js';
export type { TerminalOptions } from './terminal.js';

/** Looks reporters up by name (e.g. from a `--report json,junit` flag); unknown names throw. */
export function reportersByName(names: readonly string[]): Reporter[] {
  return names.map((name) => {
    const reporter = REPORTERS.find((r) => r.name === name);
    if (reporter === undefined) {
      throw new Error(
        `unknown reporter ${JSON.stringify(name)}; known: ${REPORTERS.map((r) => r.name).join(', ')}`,
      );
    }
    return reporter;
  });
}
