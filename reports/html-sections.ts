// The sections of report.html, each a function of the result returning escaped HTML.
import type { CriterionResult, Evidence } from '../harness/checkers/types.js';
import type { RunResult } from '../harness/runner/result.js';
import { escapeHtml as h } from './escape.js';
import {
  NOT_MEASURED,
  byVerdict,
  faultDelayLines,
  formatDetails,
  formatNumber,
  formatT,
  formatThreshold,
  formatValue,
  harnessLoadLine,
  harnessOverloadLines,
  measurementErrorLine,
  notApplicableReason,
  harnessAndRunbook,
  summarize,
  timeScaleNote,
  undecidedReason,
  verdictLabel,
} from './format.js';
import { FAULT_LATENCY_HEADER, faultLatencyRows } from './fault-latency.js';
import type { ChartData } from './html-data.js';

/** Evidence rows shown per criterion; the rest stay in result.json. */
export const EVIDENCE_ROWS_SHOWN = 200;

function badge(verdict: CriterionResult['verdict']): string {
  return `<span class="badge ${verdict}">${verdictLabel(verdict)}</span>`;
}

export function bannerSection(result: RunResult): string {
  const { scenario } = result;
  return `<header class="banner ${result.verdict}"><div class="wrap">
<div class="kicker">Runbook Drill report · scenario ${h(scenario.name)}</div>
<div class="headline"><span class="big-verdict">${verdictLabel(result.verdict)}</span><h1>${h(scenario.title)}</h1></div>
<p class="summary">${h(summarize(result))}</p>${harnessOverloadLines(result)
    .map((l) => `<p class="overload">⚠ ${h(l)}</p>`)
    .join('')}
<p class="subline">${h(scenario.runbook)} — ${h(scenario.section)} · started ${h(result.startedAt)} · ${h(
    harnessAndRunbook(result.durationMs, result.timeScale),
  )}</p>
</div></header>
<nav class="toc"><div class="wrap"><a href="#verdicts">Verdicts</a><a href="#run">Run</a><a href="#faults">Fault windows</a><a href="#charts">Charts</a><a href="#evidence">Evidence</a><a href="#counters">Counters</a><a href="#errors">Harness errors</a></div></nav>`;
}

function checkerError(c: CriterionResult): string {
  return c.error === undefined ? '' : `<div class="checker-error">Checker error: ${h(c.error)}</div>`;
}

function inconclusiveReason(c: CriterionResult): string {
  return c.verdict === 'inconclusive'
    ? `<div class="inconclusive-reason">Inconclusive: ${h(undecidedReason(c) ?? '')}</div>`
    : '';
}

/** Under a not-applicable badge: the capability the target lacks. */
function notApplicableReasonHtml(c: CriterionResult): string {
  const na = notApplicableReason(c);
  return na === null ? '' : `<div class="na-reason">${h(na)}</div>`;
}

function verdictRow(c: CriterionResult): string {
  const details = formatDetails(c);
  const meta = [c.criterion, details].filter((s) => s !== '').join(' · ');
  const error = `${checkerError(c)}${inconclusiveReason(c)}`;
  return `<tr class="row-${c.verdict}">
<td><div class="criterion-title">${h(c.title)}</div><div class="criterion-meta">${h(meta)}</div>${error}</td>
<td class="num">${h(formatValue(c))}</td><td class="num">${h(formatThreshold(c))}</td>
<td>${badge(c.verdict)}${notApplicableReasonHtml(c)}</td><td class="source">${h(c.source ?? NOT_MEASURED)}</td></tr>`;
}

export function verdictSection(result: RunResult): string {
  const body =
    result.criteria.length === 0
      ? '<p class="empty">No criteria were judged: the run cannot be signed off.</p>'
      : `<table><thead><tr><th>Criterion</th><th class="num">Value</th><th class="num">Threshold</th><th>Verdict</th><th>Source</th></tr></thead>
<tbody>${result.criteria.map(verdictRow).join('\n')}</tbody></table>`;
  return `<section id="verdicts"><h2>Verdicts</h2>
<p class="note">A criterion passes when <em>value</em> compared with <em>threshold</em> holds. Inconclusive means the value lies within the harness's own measurement error of the threshold, so it could be on either side; unknown means the checker could not judge it; N/A means the target lacks a capability the criterion needs. None of them is ever counted as a pass.</p>
${body}</section>`;
}

export function runSection(result: RunResult): string {
  const zones = new Set(result.pods.map((p) => p.zone)).size;
  const pods =
    result.pods.length === 0
      ? ''
      : `${result.pods.length} pods in ${zones} zone${zones === 1 ? '' : 's'}: ` +
        result.pods.map((p) => `${p.name} (${p.zone})`).join(', ');
  const versions = Object.entries(result.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(' · ');
  const facts: Array<[string, string]> = [
    ['Seed', String(result.seed)],
    ['Time scale', `${formatNumber(result.timeScale)} — ${timeScaleNote(result.timeScale)}`],
    ['Duration', harnessAndRunbook(result.durationMs, result.timeScale)],
    ['Provider', result.provider],
    ['Clients', String(result.clients)],
    ['Pods / zones', pods === '' ? NOT_MEASURED : pods],
    ['Versions', versions === '' ? NOT_MEASURED : versions],
    ['Git SHA', result.gitSha ?? 'unknown'],
    ['Harness load', harnessLoadLine(result) ?? NOT_MEASURED],
    ['Measurement error', measurementErrorLine(result)?.replace(/^Measurement error: /, '') ?? NOT_MEASURED],
    ['Started', result.startedAt],
    ['Run directory', result.runDir],
  ];
  const items = facts.map(([k, v]) => `<div><dt>${h(k)}</dt><dd>${h(v)}</dd></div>`).join('\n');
  return `<section id="run"><h2>Run</h2><dl class="facts">${items}</dl></section>`;
}

export function faultSection(result: RunResult): string {
  if (result.faults.length === 0) {
    return '<section id="faults"><h2>Fault windows</h2><p class="empty">No faults were injected.</p></section>';
  }
  const rows = result.faults.map(
    (f) => `<tr><td>${h(f.fault)}</td><td class="mono">${h(f.targets.join(', '))}</td>
<td class="num">${h(formatT(f.startT))}</td><td class="num">${f.endT === null ? 'not healed' : h(formatT(f.endT))}</td>
<td class="num">${f.endT === null ? NOT_MEASURED : h(harnessAndRunbook(f.endT - f.startT, result.timeScale))}</td><td class="mono">${h(f.id)}</td></tr>`,
  );
  return `<section id="faults"><h2>Fault windows</h2>
<p class="note">Times are harness seconds since the run started. The charts shade these windows.</p>
<table><thead><tr><th>Fault</th><th>Targets</th><th class="num">Start</th><th class="num">End</th><th class="num">Length</th><th>Id</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>${delayNotes(result)}</section>`;
}

function delayNotes(result: RunResult): string {
  const lines = faultDelayLines(result);
  if (lines.length === 0) return '';
  return `<p class="note">Planned faults that waited for their target:</p><ul>${lines.map((l) => `<li>${h(l)}</li>`).join('')}</ul>`;
}

function chartFigure(id: string, title: string, caption: string, hasData: boolean, short = false): string {
  const body = hasData
    ? `<div class="chart-box${short ? ' short' : ''}"><canvas id="${id}" role="img" aria-label="${h(title)}"></canvas></div>`
    : '<p class="empty">No samples were recorded for this chart.</p>';
  return `<figure><h3>${h(title)}</h3><figcaption>${h(caption)}</figcaption>${body}</figure>`;
}

function ms(n: number | null): string {
  if (n === null) return NOT_MEASURED;
  return n >= 1000 ? `${formatNumber(n / 1000)} s` : `${formatNumber(n)} ms`;
}

/** Only for runs whose faults injected latency: the chart, then the same figures as a table. */
function faultLatencyFigure(result: RunResult, data: ChartData): string {
  const series = result.charts.faultLatency;
  if (series === undefined || data.faultLatency === null) return '';
  const head = FAULT_LATENCY_HEADER.map((c, i) => `<th${i >= 3 ? ' class="num"' : ''}>${h(c)}</th>`).join('');
  const rows = faultLatencyRows(series)
    .map((row) => `<tr>${row.map((c, i) => `<td${i >= 3 ? ' class="num"' : ''}>${h(c)}</td>`).join('')}</tr>`)
    .join('\n');
  const caption =
    'Delivery (commit → receive) and send → ack p50/p99 inside each latency window, next to the baseline ' +
    'outside every fault window and its recovery; the light red bar spans the injected delay ± its jitter. ' +
    'The delay is added on each direction of every link, so a request and its reply across a delayed link gain about twice the delay.';
  return `${chartFigure('chart-fault-latency', 'Latency against the injected delay', caption, true)}
<table class="fault-latency"><thead><tr>${head}</tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function chartsSection(result: RunResult, data: ChartData): string {
  const shaded = result.faults.length > 0 ? ' Shaded bands are fault windows.' : '';
  const s = data.reconnect.stats;
  const reconnectCaption =
    `Time from an unplanned disconnect to resumed (replay done), one sample per reconnect. ` +
    `n = ${s.n} · p50 ${ms(s.p50)} · p95 ${ms(s.p95)} · p99 ${ms(s.p99)} · max ${ms(s.max)}.`;
  const hasConnections = data.connections.t.length > 0 && data.connections.pods.length > 0;
  return `<section id="charts" class="charts"><h2>Charts</h2>
${chartFigure('chart-connections', 'Connected clients per pod', `Clients attached to each pod over the run.${shaded}`, hasConnections)}
${chartFigure('chart-reconnect', 'Reconnect-time distribution', reconnectCaption, s.n > 0, true)}
${chartFigure('chart-latency', 'Delivery latency, p50 and p99', `Send → receive at the other room members, per time bucket, in milliseconds.${shaded}`, data.latency.t.length > 0)}
${faultLatencyFigure(result, data)}
</section>`;
}

interface EvidenceColumn {
  head: string;
  cls: string;
  value: (e: Evidence) => string | undefined;
}

const EVIDENCE_COLUMNS: EvidenceColumn[] = [
  { head: 'When', cls: 'num', value: (e) => (e.t === undefined ? undefined : formatT(e.t)) },
  { head: 'What', cls: '', value: (e) => e.summary },
  { head: 'Client', cls: 'mono', value: (e) => e.client },
  { head: 'Pod', cls: 'mono', value: (e) => e.pod },
  { head: 'Room', cls: 'mono', value: (e) => e.room },
  { head: 'clientMsgId', cls: 'mono', value: (e) => e.clientMsgId },
  { head: 'Seq', cls: 'num', value: (e) => (e.seq === undefined ? undefined : String(e.seq)) },
];

/** Evidence as a table with only the columns some row fills. */
function evidenceTable(rows: readonly Evidence[]): string {
  const columns = EVIDENCE_COLUMNS.filter(
    (col) => col.head === 'What' || rows.some((e) => col.value(e) !== undefined),
  );
  const cls = (col: EvidenceColumn): string => (col.cls === '' ? '' : ` class="${col.cls}"`);
  const head = columns.map((col) => `<th${cls(col)}>${h(col.head)}</th>`).join('');
  const body = rows
    .map((e) => `<tr>${columns.map((col) => `<td${cls(col)}>${h(col.value(e) ?? '')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${head}</tr></thead>\n<tbody>${body}</tbody></table>`;
}

function evidenceCard(c: CriterionResult): string {
  const shown = c.evidence.slice(0, EVIDENCE_ROWS_SHOWN);
  const more =
    c.evidence.length > shown.length
      ? `<p class="note">${c.evidence.length - shown.length} more in result.json.</p>`
      : '';
  const table =
    shown.length === 0 ? '<p class="empty">No evidence recorded.</p>' : `${evidenceTable(shown)}${more}`;
  const error = `${checkerError(c)}${inconclusiveReason(c)}`;
  return `<div class="evidence-card ${c.verdict}"><h3>${badge(c.verdict)} ${h(c.title)}</h3>
<div class="note">Value ${c.value === null ? 'not measured' : h(formatValue(c))}, threshold ${h(formatThreshold(c))}${c.source === undefined ? '' : ` — ${h(c.source)}`}</div>
${error}${table}</div>`;
}

export function evidenceSection(result: RunResult): string {
  // Not-applicable criteria have nothing to explain: the verdict table gives their reason.
  const shown = byVerdict(result.criteria).filter(
    (c) => c.verdict !== 'not-applicable' && (c.verdict !== 'pass' || c.evidence.length > 0),
  );
  const body =
    shown.length === 0
      ? '<p class="ok">Every criterion passed; there is no failure to explain.</p>'
      : shown.map(evidenceCard).join('\n');
  return `<section id="evidence"><h2>Evidence</h2>
<p class="note">The smallest set of events that proves each failed or unknown verdict: which client, which message, when.</p>
${body}</section>`;
}

export function countersSection(result: RunResult): string {
  const entries = Object.entries(result.counters);
  const body =
    entries.length === 0
      ? '<p class="empty">No counters recorded.</p>'
      : `<div class="counters">${entries
          .map(
            ([k, v]) => `<div><span>${h(k)}</span><span class="num mono">${h(formatNumber(v))}</span></div>`,
          )
          .join('\n')}</div>`;
  return `<section id="counters"><h2>Counters</h2>${body}</section>`;
}

export function errorsSection(result: RunResult): string {
  const body =
    result.errors.length === 0
      ? '<p class="ok">None: the harness ran cleanly.</p>'
      : `<p class="note">The harness itself failed; the run exits with code 2 whatever the verdicts say.</p>
<ul class="errors">${result.errors.map((e) => `<li class="mono">${h(e)}</li>`).join('\n')}</ul>`;
  return `<section id="errors"><h2>Harness errors</h2>${body}</section>`;
}
