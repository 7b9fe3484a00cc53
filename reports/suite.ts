import { relative } from 'node:path';
import { exitCodeFor, type RunResult } from '../harness/runner/result.js';
import { escapeHtml } from './escape.js';
import { junitSuite } from './junit.js';
import { seconds, summarize } from './format.js';
import type { ReportFile } from './reporter.js';

export interface SuiteSummary {
  profile: string;
  startedAt: string;
  wallMs: number;
  runs: readonly RunResult[];
  suiteDir: string;
}

const failedCriteria = (r: RunResult) =>
  r.criteria.filter((c) => c.verdict !== 'pass').map((c) => `${c.criterion} (${c.verdict})`);

/** A run's outcome as the exit code sees it: a demonstration that failed as designed passes. */
function outcome(r: RunResult): 'pass' | 'fail' | 'unknown' | 'expected' {
  const code = exitCodeFor(r);
  if (code === 2) return 'unknown';
  if (code === 1) return 'fail';
  return r.expectedFailure ? 'expected' : 'pass';
}

const LABEL = { pass: 'PASS', fail: 'FAIL', unknown: 'UNKNOWN', expected: 'FAILED AS DESIGNED' } as const;

function overall(runs: readonly RunResult[]): 'pass' | 'fail' | 'unknown' {
  const outcomes = runs.map(outcome);
  if (outcomes.includes('fail')) return 'fail';
  if (runs.length === 0 || outcomes.includes('unknown')) return 'unknown';
  return 'pass';
}

const note = (r: RunResult) =>
  r.expectedFailure
    ? `${r.expectedFailure.met ? 'as designed' : 'NOT as designed'}: ${r.expectedFailure.reason}`
    : '';

function markdown(s: SuiteSummary): string {
  const rows = s.runs.map((r) => {
    const link = relative(s.suiteDir, `${r.runDir}/report.md`);
    const notPassing = [note(r), failedCriteria(r).join(', ')].filter(Boolean).join('; ');
    return `| [${r.scenario.name}](${link}) | ${r.seed} | ${LABEL[outcome(r)]} | ${seconds(r.durationMs)} | ${notPassing || '—'} |`;
  });
  return [
    `# Runbook Drill suite: ${LABEL[overall(s.runs)]}`,
    '',
    `Profile **${s.profile}**, started ${s.startedAt}, wall time ${seconds(s.wallMs)}, ${s.runs.length} runs.`,
    '',
    '| scenario | seed | verdict | duration | not passing |',
    '|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}

function html(s: SuiteSummary): string {
  const verdict = overall(s.runs);
  const rows = s.runs
    .map((r) => {
      const link = escapeHtml(relative(s.suiteDir, `${r.runDir}/report.html`));
      const sub = [note(r), failedCriteria(r).join(', ')].filter(Boolean).join(' · ');
      return `<tr class="${outcome(r)}"><td><a href="${link}">${escapeHtml(r.scenario.name)}</a><div class="sub">${escapeHtml(r.scenario.title)}</div></td><td>${r.seed}</td><td><span class="pill">${LABEL[outcome(r)]}</span></td><td>${escapeHtml(seconds(r.durationMs))}</td><td>${escapeHtml(summarize(r))}${sub ? `<div class="sub">${escapeHtml(sub)}</div>` : ''}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Runbook Drill suite: ${LABEL[verdict]}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2433}
header{padding:24px 48px;color:#fff;background:${verdict === 'pass' ? '#1f7a3a' : verdict === 'fail' ? '#b71c1c' : '#a15c00'}}
main{padding:24px 48px}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #e3e6ec;vertical-align:top}
th{font-size:12px;text-transform:uppercase;color:#5b6475}.sub{color:#5b6475;font-size:13px}
.pill{font-weight:700;padding:2px 10px;border-radius:10px}
tr.pass .pill{background:#e3f5e8;color:#1f7a3a}tr.fail .pill{background:#fde5e5;color:#b71c1c}tr.unknown .pill{background:#fff1d6;color:#a15c00}tr.expected .pill{background:#e5edfd;color:#1d4ed8}
</style></head><body>
<header><h1>Runbook Drill suite: ${LABEL[verdict]}</h1>
<div>Profile ${escapeHtml(s.profile)} · started ${escapeHtml(s.startedAt)} · wall time ${escapeHtml(seconds(s.wallMs))} · ${s.runs.length} runs</div></header>
<main><table><thead><tr><th>scenario</th><th>seed</th><th>verdict</th><th>duration</th><th>summary</th></tr></thead>
<tbody>
${rows}
</tbody></table></main></body></html>
`;
}

/** The suite's index: `index.html`, `summary.md` and one `junit.xml` for CI. */
export function renderSuite(s: SuiteSummary): ReportFile[] {
  return [
    { file: 'index.html', content: html(s) },
    { file: 'summary.md', content: markdown(s) },
    { file: 'junit.xml', content: junitSuite(s.runs) },
  ];
}
