// JUnit XML for CI: one <testsuite> per run, one <testcase> per criterion.
import type { CriterionResult } from '../harness/checkers/types.js';
import type { ExpectedFailure, RunResult } from '../harness/runner/result.js';
import { escapeXml } from './escape.js';
import {
  formatDetails,
  formatT,
  formatThreshold,
  formatValue,
  notApplicableLine,
  undecidedReason,
} from './format.js';
import type { Reporter } from './reporter.js';

export const JUNIT_XML = 'junit.xml';

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

function attrs(values: Record<string, string | number>): string {
  return Object.entries(values)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
}

function secondsAttr(ms: number): string {
  return (Math.max(0, ms) / 1000).toFixed(3);
}

function evidenceLines(c: CriterionResult): string[] {
  return c.evidence.map((e) => {
    const facts: string[] = [];
    if (e.t !== undefined) facts.push(formatT(e.t));
    if (e.client !== undefined) facts.push(`client=${e.client}`);
    if (e.pod !== undefined) facts.push(`pod=${e.pod}`);
    if (e.room !== undefined) facts.push(`room=${e.room}`);
    if (e.clientMsgId !== undefined) facts.push(`clientMsgId=${e.clientMsgId}`);
    if (e.seq !== undefined) facts.push(`seq=${e.seq}`);
    return facts.length > 0 ? `- ${e.summary} (${facts.join(', ')})` : `- ${e.summary}`;
  });
}

function measured(c: CriterionResult): string {
  return `value ${formatValue(c)}, threshold ${formatThreshold(c)}`;
}

function body(c: CriterionResult, headline: string): string {
  const lines = [headline];
  if (c.source !== undefined) lines.push(`source: ${c.source}`);
  const details = formatDetails(c);
  if (details !== '') lines.push(`details: ${details}`);
  if (c.evidence.length > 0) lines.push('evidence:', ...evidenceLines(c));
  return escapeXml(lines.join('\n'));
}

function testcase(scenario: string, c: CriterionResult, expected?: ExpectedFailure): string {
  // Criteria are judged from the history after the run, so a testcase has no duration of its own;
  // the run's duration is on the testsuite.
  const open = `    <testcase${attrs({ classname: scenario, name: c.title, time: '0.000' })}`;
  if (c.verdict === 'pass') return `${open}/>`;
  // Not applicable to the target: skipped, never passed, never failed; the message names what is missing.
  const na = notApplicableLine(c);
  if (na !== null) return `${open}>\n      <skipped${attrs({ message: na })}/>\n    </testcase>`;
  if (c.verdict === 'fail' && expected?.met) {
    const message = `expected failure: ${expected.reason} (${measured(c)})`;
    return `${open}>\n      <skipped${attrs({ message })}/>\n    </testcase>`;
  }
  if (c.verdict === 'fail') {
    const message = measured(c);
    return `${open}>\n      <failure${attrs({ message, type: c.criterion })}>${body(c, message)}</failure>\n    </testcase>`;
  }
  // Inconclusive and unknown are errors, not failures: nothing was shown to be broken.
  const message =
    c.verdict === 'inconclusive'
      ? `inconclusive: ${undecidedReason(c)}`
      : (undecidedReason(c) ?? 'the checker could not judge this criterion');
  const headline = `${message}\n${measured(c)}`;
  return `${open}>\n      <error${attrs({ message, type: c.criterion })}>${body(c, headline)}</error>\n    </testcase>`;
}

/** A pseudo-testcase that turns the run red when the harness itself failed (exit code 2). */
function harnessCase(result: RunResult): string | null {
  const problems = [...result.errors];
  if (result.criteria.length === 0) problems.push('no criteria were judged');
  if (problems.length === 0) return null;
  const message = problems[0] ?? '';
  return (
    `    <testcase${attrs({ classname: result.scenario.name, name: 'harness', time: '0.000' })}>\n` +
    `      <error${attrs({ message, type: 'harness' })}>${escapeXml(problems.join('\n'))}</error>\n` +
    `    </testcase>`
  );
}

function properties(result: RunResult): string {
  const props: Record<string, string> = {
    seed: String(result.seed),
    timeScale: String(result.timeScale),
    provider: result.provider,
    gitSha: result.gitSha ?? 'unknown',
    verdict: result.verdict,
    clients: String(result.clients),
    runbook: result.scenario.runbook,
    section: result.scenario.section,
    title: result.scenario.title,
    runDir: result.runDir,
  };
  for (const [name, version] of Object.entries(result.versions)) props[`version.${name}`] = version;
  const lines = Object.entries(props).map(([name, value]) => `      <property${attrs({ name, value })}/>`);
  return `    <properties>\n${lines.join('\n')}\n    </properties>`;
}

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  /** Failures expected by a demonstration that met them, and criteria not applicable to the target. */
  skipped: number;
}

function tally(result: RunResult): Tally {
  const harness = result.errors.length > 0 || result.criteria.length === 0 ? 1 : 0;
  return {
    tests: result.criteria.length + harness,
    failures: result.expectedFailure?.met ? 0 : result.criteria.filter((c) => c.verdict === 'fail').length,
    errors:
      result.criteria.filter((c) => c.verdict === 'unknown' || c.verdict === 'inconclusive').length + harness,
    skipped:
      (result.expectedFailure?.met ? result.criteria.filter((c) => c.verdict === 'fail').length : 0) +
      result.criteria.filter((c) => c.verdict === 'not-applicable').length,
  };
}

/** The `<testsuite>` element of one run, indented for a `<testsuites>` root. */
export function junitTestsuite(result: RunResult): string {
  const t = tally(result);
  const head = attrs({
    name: result.scenario.name,
    tests: t.tests,
    failures: t.failures,
    errors: t.errors,
    skipped: t.skipped,
    time: secondsAttr(result.durationMs),
    timestamp: result.startedAt,
  });
  const cases = result.criteria.map((c) => testcase(result.scenario.name, c, result.expectedFailure));
  const harness = harnessCase(result);
  if (harness !== null) cases.push(harness);
  return `  <testsuite${head}>\n${properties(result)}\n${cases.join('\n')}\n  </testsuite>`;
}

/** One JUnit document for a suite of runs: a `<testsuite>` per run under one `<testsuites>` root. */
export function junitSuite(results: readonly RunResult[], name = 'runbook-drill'): string {
  const totals = results.map(tally).reduce<Tally>(
    (sum, t) => ({
      tests: sum.tests + t.tests,
      failures: sum.failures + t.failures,
      errors: sum.errors + t.errors,
      skipped: sum.skipped + t.skipped,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const time = secondsAttr(results.reduce((sum, r) => sum + r.durationMs, 0));
  const root = `<testsuites${attrs({ name, ...totals, time })}>`;
  const suites = results.map(junitTestsuite);
  return [XML_DECLARATION, root, ...suites, '</testsuites>', ''].join('\n');
}

export function renderJunit(result: RunResult): string {
  return junitSuite([result]);
}

export const junitReporter: Reporter = {
  name: 'junit',
  render: (result) => [{ file: JUNIT_XML, content: renderJunit(result) }],
};
