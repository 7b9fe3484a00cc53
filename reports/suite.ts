import { relative } from 'node:path';
import { EXIT, exitCodeFor, verdictCounts, type RunResult } from '../harness/runner/result.js';
import { stabilityOf, type CriterionStability } from '../harness/runner/stability.js';
import { escapeHtml } from './escape.js';
import { junitSuite } from './junit.js';
import { seconds, summarize, withUnit } from './format.js';
import type { ReportFile } from './reporter.js';

export interface SuiteSummary {
  profile: string;
  startedAt: string;
  wallMs: number;
  runs: readonly RunResult[];
  suiteDir: string;
}

const failedCriteria = (r: RunResult) =>
  r.criteria
    .filter((c) => c.verdict !== 'pass' && c.verdict !== 'not-applicable')
    .map((c) => `${c.criterion} (${c.verdict})`);

/** Criteria the target could not support: neither passing nor failing, listed apart. */
const notApplicable = (r: RunResult) => {
  const ids = r.criteria.filter((c) => c.verdict === 'not-applicable').map((c) => c.criterion);
  return ids.length === 0 ? '' : `n/a: ${ids.join(', ')}`;
};

/** A run's outcome as the exit code sees it: a demonstration that failed as designed passes. */
function outcome(r: RunResult): 'pass' | 'fail' | 'unknown' | 'inconclusive' | 'expected' {
  const code = exitCodeFor(r);
  if (code === EXIT.harness) return 'unknown';
  if (code === EXIT.fail) return 'fail';
  if (code === EXIT.inconclusive) return 'inconclusive';
  return r.expectedFailure ? 'expected' : 'pass';
}

const LABEL = {
  pass: 'PASS',
  fail: 'FAIL',
  unknown: 'UNKNOWN',
  inconclusive: 'INCONCLUSIVE',
  expected: 'FAILED AS DESIGNED',
} as const;

function overall(
  runs: readonly RunResult[],
  stability: readonly CriterionStability[],
): 'pass' | 'fail' | 'unknown' | 'inconclusive' {
  const outcomes = runs.map(outcome);
  if (outcomes.includes('fail')) return 'fail';
  if (runs.length === 0 || outcomes.includes('unknown')) return 'unknown';
  // Like the exit code: a verdict that flipped between repeats fails the suite.
  if (stability.some((c) => c.flaky)) return 'fail';
  return outcomes.includes('inconclusive') ? 'inconclusive' : 'pass';
}

/**
 * "3 of 4 runs passed, 1 failed, …" for a suite line: inconclusive runs are counted apart, and so are
 * the criteria not applicable to their target (they neither pass nor fail a run).
 */
export function runTally(runs: readonly RunResult[]): string {
  const n = (o: ReturnType<typeof outcome>) => runs.filter((r) => outcome(r) === o).length;
  const passed = n('pass') + n('expected');
  const parts = [`${passed} of ${runs.length} runs passed`];
  if (n('fail') > 0) parts.push(`${n('fail')} failed`);
  if (n('inconclusive') > 0) parts.push(`${n('inconclusive')} inconclusive`);
  if (n('unknown') > 0) parts.push(`${n('unknown')} unknown`);
  const na = runs.reduce((sum, r) => sum + verdictCounts(r.criteria)['not-applicable'], 0);
  if (na > 0) parts.push(`${na} ${na === 1 ? 'criterion' : 'criteria'} not applicable to the target`);
  return parts.join(', ');
}

const note = (r: RunResult) =>
  r.expectedFailure
    ? `${r.expectedFailure.met ? 'as designed' : 'NOT as designed'}: ${r.expectedFailure.reason}`
    : '';

const spreadText = (c: CriterionStability) =>
  c.spread
    ? (['min', 'median', 'p95', 'max'] as const).map((k) => withUnit(c.spread![k], c.unit)).join(' / ')
    : '—';
const verdictText = (c: CriterionStability) =>
  (['pass', 'fail', 'inconclusive', 'unknown', 'not-applicable'] as const)
    .filter((v) => (c.verdicts[v] ?? 0) > 0)
    .map((v) => `${c.verdicts[v]} ${v === 'not-applicable' ? 'n/a' : v}`)
    .join(', ');

/** Repeated runs: per criterion the spread of its value and whether its verdict flipped. */
export function stabilityMarkdown(rows: readonly CriterionStability[]): string[] {
  if (rows.length === 0) return [];
  const flaky = rows.filter((c) => c.flaky).length;
  return [
    `## Repeat stability: ${flaky === 0 ? 'no verdict flipped' : `${flaky} FLAKY criteria`}`,
    '',
    'Inconclusive runs are counted apart: within the measurement error they could have gone either way, so they are not flips.',
    '',
    '| scenario | criterion | runs | min / median / p95 / max | verdicts | |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (c) =>
        `| ${c.scenario} | ${c.criterion} | ${c.runs} | ${spreadText(c)} | ${verdictText(c)} | ${c.flaky ? '**FLAKY**' : ''} |`,
    ),
    '',
  ];
}

function stabilityHtml(rows: readonly CriterionStability[]): string {
  if (rows.length === 0) return '';
  const body = rows
    .map(
      (c) =>
        `<tr class="${c.flaky ? 'fail' : 'pass'}"><td>${escapeHtml(c.scenario)}</td><td>${escapeHtml(c.criterion)}</td><td>${c.runs}</td><td>${escapeHtml(spreadText(c))}</td><td>${escapeHtml(verdictText(c))}</td><td>${c.flaky ? '<span class="pill">FLAKY</span>' : ''}</td></tr>`,
    )
    .join('\n');
  return `<h2>Repeat stability</h2><table><thead><tr><th>scenario</th><th>criterion</th><th>runs</th><th>min / median / p95 / max</th><th>verdicts</th><th></th></tr></thead><tbody>
${body}
</tbody></table>`;
}

function markdown(s: SuiteSummary, stability: readonly CriterionStability[]): string {
  const rows = s.runs.map((r) => {
    const link = relative(s.suiteDir, `${r.runDir}/report.md`);
    const notPassing = [note(r), failedCriteria(r).join(', '), notApplicable(r)].filter(Boolean).join('; ');
    return `| [${r.scenario.name}](${link}) | ${r.seed} | ${LABEL[outcome(r)]} | ${seconds(r.durationMs)} | ${notPassing || '—'} |`;
  });
  return [
    `# Runbook Drill suite: ${LABEL[overall(s.runs, stability)]}`,
    '',
    `Profile **${s.profile}**, started ${s.startedAt}, wall time ${seconds(s.wallMs)}: ${runTally(s.runs)}.`,
    '',
    '| scenario | seed | verdict | duration | not passing |',
    '|---|---|---|---|---|',
    ...rows,
    '',
    ...stabilityMarkdown(stability),
  ].join('\n');
}

const HEADER_COLOR = { pass: '#1f7a3a', fail: '#b71c1c', unknown: '#a15c00', inconclusive: '#6d28d9' };

function html(s: SuiteSummary, stability: readonly CriterionStability[]): string {
  const verdict = overall(s.runs, stability);
  const rows = s.runs
    .map((r) => {
      const link = escapeHtml(relative(s.suiteDir, `${r.runDir}/report.html`));
      const sub = [note(r), failedCriteria(r).join(', '), notApplicable(r)].filter(Boolean).join(' · ');
      return `<tr class="${outcome(r)}"><td><a href="${link}">${escapeHtml(r.scenario.name)}</a><div class="sub">${escapeHtml(r.scenario.title)}</div></td><td>${r.seed}</td><td><span class="pill">${LABEL[outcome(r)]}</span></td><td>${escapeHtml(seconds(r.durationMs))}</td><td>${escapeHtml(summarize(r))}${sub ? `<div class="sub">${escapeHtml(sub)}</div>` : ''}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Runbook Drill suite: ${LABEL[verdict]}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2433}
header{padding:24px 48px;color:#fff;background:${HEADER_COLOR[verdict]}}
main{padding:24px 48px}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #e3e6ec;vertical-align:top}
th{font-size:12px;text-transform:uppercase;color:#5b6475}.sub{color:#5b6475;font-size:13px}
.pill{font-weight:700;padding:2px 10px;border-radius:10px}
tr.pass .pill{background:#e3f5e8;color:#1f7a3a}tr.fail .pill{background:#fde5e5;color:#b71c1c}tr.unknown .pill{background:#fff1d6;color:#a15c00}tr.inconclusive .pill{background:#ede9fe;color:#6d28d9}tr.expected .pill{background:#e5edfd;color:#1d4ed8}
</style></head><body>
<header><h1>Runbook Drill suite: ${LABEL[verdict]}</h1>
<div>Profile ${escapeHtml(s.profile)} · started ${escapeHtml(s.startedAt)} · wall time ${escapeHtml(seconds(s.wallMs))} · ${s.runs.length} runs</div></header>
<main><table><thead><tr><th>scenario</th><th>seed</th><th>verdict</th><th>duration</th><th>summary</th></tr></thead>
<tbody>
${rows}
</tbody></table>${stabilityHtml(stability)}</main></body></html>
`;
}

/** The suite's index: `index.html`, `summary.md` and one `junit.xml` for CI. */
export function renderSuite(s: SuiteSummary): ReportFile[] {
  const stability = stabilityOf(s.runs);
  return [
    { file: 'index.html', content: html(s, stability) },
    { file: 'summary.md', content: markdown(s, stability) },
    { file: 'junit.xml', content: junitSuite(s.runs) },
  ];
}
