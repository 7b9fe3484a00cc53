// The defect matrix's reports: matrix.md, matrix.html and junit.xml (one testcase per cell).
import { relative } from 'node:path';
import { cellName } from '../harness/matrix/cell.js';
import type { MatrixRow } from '../harness/matrix/cell.js';
import { escapeHtml, escapeXml } from './escape.js';
import { seconds } from './format.js';
import type { ReportFile } from './reporter.js';

export interface MatrixSummary {
  rows: readonly MatrixRow[];
  startedAt: string;
  wallMs: number;
  timeScale: number;
  clients: number;
  seed: number;
  dir: string;
}

const LABEL = {
  caught: 'CAUGHT',
  green: 'GREEN',
  missed: 'MISSED',
  'wrong-criterion': 'WRONG CRITERION',
  'false-alarm': 'FALSE ALARM',
  unjudged: 'UNJUDGED',
  inconclusive: 'INCONCLUSIVE',
  'not-applicable': 'NOT APPLICABLE',
} as const;

export function matrixCounts(rows: readonly MatrixRow[]) {
  const count = (pred: (r: MatrixRow) => boolean) => rows.filter(pred).length;
  return {
    cells: rows.length,
    ok: count((r) => r.outcome.ok),
    caught: count((r) => r.outcome.status === 'caught'),
    green: count((r) => r.outcome.status === 'green'),
    misses: count(
      (r) => ['missed', 'wrong-criterion', 'unjudged'].includes(r.outcome.status) && r.cell.fails.length > 0,
    ),
    falseAlarms: count(
      (r) => r.cell.fails.length === 0 && !r.outcome.ok && r.outcome.status !== 'inconclusive',
    ),
    inconclusive: count((r) => r.outcome.status === 'inconclusive'),
    /** Cells expecting a criterion to fail that their target cannot support: wrong, counted apart. */
    notApplicable: count((r) => r.outcome.status === 'not-applicable'),
  };
}

export function matrixHeadline(rows: readonly MatrixRow[]): string {
  const c = matrixCounts(rows);
  const verdict = c.ok === c.cells ? 'PASS' : c.ok + c.inconclusive === c.cells ? 'INCONCLUSIVE' : 'FAIL';
  return `${verdict}: ${c.cells} cells: ${c.caught} breaks caught by the declared criterion, ${c.green} reference runs green, ${c.misses} misses, ${c.falseAlarms} false alarms${c.inconclusive > 0 ? `, ${c.inconclusive} inconclusive` : ''}${c.notApplicable > 0 ? `, ${c.notApplicable} expecting a criterion not applicable to the target` : ''}`;
}

const breakOf = (r: MatrixRow) =>
  r.cell.defect
    ? `SUT_DEFECTS=${r.cell.defect}`
    : r.cell.misconfiguration
      ? `misconfig: ${r.cell.misconfiguration}`
      : r.cell.target
        ? `target: ${r.cell.target}`
        : 'reference';
const expected = (r: MatrixRow) =>
  r.cell.fails.length === 0
    ? 'nothing fails'
    : `${r.cell.fails.join(', ')}${r.cell.mayAlsoFail?.length ? ` (may also: ${r.cell.mayAlsoFail.join(', ')})` : ''}`;

function markdown(s: MatrixSummary): string {
  return [
    `# Defect matrix: ${matrixHeadline(s.rows)}`,
    '',
    `Time scale ${s.timeScale}, ${s.clients} clients, seed ${s.seed}; started ${s.startedAt}, wall time ${seconds(s.wallMs)}.`,
    '',
    '| scenario | break | expected to fail | failed | cell | run |',
    '|---|---|---|---|---|---|',
    ...s.rows.map(
      (r) =>
        `| ${r.cell.scenario} | ${breakOf(r)} | ${expected(r)} | ${r.outcome.failed.join(', ') || '—'} | ${r.outcome.ok ? '' : '**'}${LABEL[r.outcome.status]}${r.outcome.ok ? '' : '**'}: ${r.outcome.explanation} | [report](${relative(s.dir, `${r.result.runDir}/report.md`)}) |`,
    ),
    '',
  ].join('\n');
}

function html(s: MatrixSummary): string {
  const ok = s.rows.every((r) => r.outcome.ok);
  const rows = s.rows
    .map(
      (r) =>
        `<tr class="${r.outcome.ok ? 'ok' : 'bad'}"><td>${escapeHtml(r.cell.scenario)}</td><td>${escapeHtml(breakOf(r))}</td><td>${escapeHtml(expected(r))}</td><td>${escapeHtml(r.outcome.failed.join(', ') || '—')}</td><td><span class="pill">${LABEL[r.outcome.status]}</span><div class="sub">${escapeHtml(r.outcome.explanation)}</div></td><td><a href="${escapeHtml(relative(s.dir, `${r.result.runDir}/report.html`))}">report</a></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Defect matrix: ${ok ? 'PASS' : 'FAIL'}</title>
<style>
body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2433}
header{padding:24px 48px;color:#fff;background:${ok ? '#1f7a3a' : '#b71c1c'}}main{padding:24px 48px}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:8px 12px;border-bottom:1px solid #e3e6ec;vertical-align:top}
th{font-size:12px;text-transform:uppercase;color:#5b6475}.sub{color:#5b6475;font-size:13px}.pill{font-weight:700;padding:2px 10px;border-radius:10px}
tr.ok .pill{background:#e3f5e8;color:#1f7a3a}tr.bad .pill{background:#fde5e5;color:#b71c1c}
</style></head><body>
<header><h1>Defect matrix</h1><div>${escapeHtml(matrixHeadline(s.rows))}</div>
<div>time scale ${s.timeScale} · ${s.clients} clients · seed ${s.seed} · wall time ${escapeHtml(seconds(s.wallMs))}</div></header>
<main><table><thead><tr><th>scenario</th><th>break</th><th>expected to fail</th><th>failed</th><th>cell</th><th>run</th></tr></thead>
<tbody>
${rows}
</tbody></table></main></body></html>
`;
}

function junit(s: MatrixSummary): string {
  // An inconclusive cell is an error, not a failure: nothing was shown to be wrong.
  const isError = (r: MatrixRow) => r.outcome.status === 'inconclusive';
  const failures = s.rows.filter((r) => !r.outcome.ok && !isError(r)).length;
  const errors = s.rows.filter(isError).length;
  const cases = s.rows.map((r) => {
    const open = `    <testcase classname="defect-matrix.${escapeXml(r.cell.scenario)}" name="${escapeXml(cellName(r.cell))}" time="${(r.result.durationMs / 1000).toFixed(3)}"`;
    if (r.outcome.ok) return `${open}/>`;
    const tag = isError(r) ? 'error' : 'failure';
    return `${open}>\n      <${tag} message="${escapeXml(`${LABEL[r.outcome.status]}: ${r.outcome.explanation}`)}" type="${r.outcome.status}">${escapeXml(`run: ${r.result.runDir}`)}</${tag}>\n    </testcase>`;
  });
  const counts = `tests="${s.rows.length}" failures="${failures}" errors="${errors}"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="defect-matrix" ${counts}>`,
    `  <testsuite name="defect-matrix" ${counts} time="${(s.wallMs / 1000).toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

export function renderMatrix(s: MatrixSummary): ReportFile[] {
  return [
    { file: 'matrix.html', content: html(s) },
    { file: 'matrix.md', content: markdown(s) },
    { file: 'junit.xml', content: junit(s) },
  ];
}
