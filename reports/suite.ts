import { relative } from 'node:path';
import type { RunResult } from '../harness/runner/result.js';
import { escapeHtml } from './escape.js';
import { junitSuite } from './junit.js';
import { seconds, summarize, verdictLabel } from './format.js';
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

function overall(runs: readonly RunResult[]): string {
  if (runs.some((r) => r.verdict === 'fail')) return 'fail';
  if (runs.length === 0 || runs.some((r) => r.verdict === 'unknown')) return 'unknown';
  return 'pass';
}

function markdown(s: SuiteSummary): string {
  const rows = s.runs.map((r) => {
    const link = relative(s.suiteDir, `${r.runDir}/report.md`);
    return `| [${r.scenario.name}](${link}) | ${r.seed} | ${verdictLabel(r.verdict)} | ${seconds(r.durationMs)} | ${failedCriteria(r).join(', ') || '—'} |`;
  });
  return [
    `# Runbook Drill suite: ${verdictLabel(overall(s.runs) as RunResult['verdict'])}`,
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
      return `<tr class="${r.verdict}"><td><a href="${link}">${escapeHtml(r.scenario.name)}</a><div class="sub">${escapeHtml(r.scenario.title)}</div></td><td>${r.seed}</td><td><span class="pill">${verdictLabel(r.verdict)}</span></td><td>${escapeHtml(seconds(r.durationMs))}</td><td>${escapeHtml(summarize(r))}${failedCriteria(r).length ? `<div class="sub">${escapeHtml(failedCriteria(r).join(', '))}</div>` : ''}</td></tr>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Runbook Drill suite: ${verdictLabel(verdict as RunResult['verdict'])}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2433}
header{padding:24px 48px;color:#fff;background:${verdict === 'pass' ? '#1f7a3a' : verdict === 'fail' ? '#b71c1c' : '#a15c00'}}
main{padding:24px 48px}table{border-collapse:collapse;width:100%;background:#fff}
th,td{text-align:left;padding:10px 12px;border-bottom:1px solid #e3e6ec;vertical-align:top}
th{font-size:12px;text-transform:uppercase;color:#5b6475}.sub{color:#5b6475;font-size:13px}
.pill{font-weight:700;padding:2px 10px;border-radius:10px}
tr.pass .pill{background:#e3f5e8;color:#1f7a3a}tr.fail .pill{background:#fde5e5;color:#b71c1c}tr.unknown .pill{background:#fff1d6;color:#a15c00}
</style></head><body>
<header><h1>Runbook Drill suite: ${verdictLabel(verdict as RunResult['verdict'])}</h1>
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
