// report.md: the verdict first, then the facts of the run, then the evidence behind every verdict.
import type { CriterionResult, Evidence } from '../harness/checkers/types.js';
import type { RunResult } from '../harness/runner/result.js';
import { escapeMarkdown as md } from './escape.js';
import {
  NOT_MEASURED,
  byVerdict,
  faultDelayLines,
  formatDetails,
  formatT,
  formatThreshold,
  harnessLoadLine,
  harnessOverloadLines,
  measurementErrorLine,
  notApplicableReason,
  formatValue,
  harnessAndRunbook,
  summarize,
  timeScaleNote,
  undecidedReason,
  verdictLabel,
} from './format.js';
import { FAULT_LATENCY_HEADER, faultLatencyRows } from './fault-latency.js';
import type { Reporter } from './reporter.js';

export const REPORT_MD = 'report.md';

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ];
}

function verdictTable(result: RunResult): string[] {
  if (result.criteria.length === 0) return ['_No criteria were judged._'];
  return table(
    ['Criterion', 'Value', 'Threshold', 'Verdict', 'Source'],
    result.criteria.map((c) => [
      md(c.title),
      md(formatValue(c)),
      md(formatThreshold(c)),
      verdictCell(c),
      c.source === undefined ? NOT_MEASURED : md(c.source),
    ]),
  ).concat(inconclusiveNotes(result));
}

/** The verdict, and for a criterion not applicable to the target the reason (the missing capability). */
function verdictCell(c: CriterionResult): string {
  const na = notApplicableReason(c);
  return na === null ? `**${verdictLabel(c.verdict)}**` : `**n/a**: ${md(na)}`;
}

/** Under the table: why each inconclusive verdict could not be decided. */
function inconclusiveNotes(result: RunResult): string[] {
  const notes = result.criteria.flatMap((c) =>
    c.verdict === 'inconclusive' ? [`- **${md(c.title)}**: ${md(undecidedReason(c) ?? '')}.`] : [],
  );
  if (notes.length === 0) return [];
  return [
    '',
    "Inconclusive: the value is within the harness's measurement error of its threshold, so it could be on either side. Not a pass, and not a failure.",
    '',
    ...notes,
  ];
}

function runFacts(result: RunResult): string[] {
  const pods = result.pods.map((p) => `${p.name} (zone ${p.zone})`).join(', ');
  const versions = Object.entries(result.versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ');
  const facts: Array<[string, string]> = [
    ['Scenario', `${result.scenario.name} — ${result.scenario.title}`],
    ['Runbook', `${result.scenario.runbook}, ${result.scenario.section}`],
    ['Started', result.startedAt],
    ['Duration', harnessAndRunbook(result.durationMs, result.timeScale)],
    ['Seed', String(result.seed)],
    ['Time scale', `${result.timeScale} (${timeScaleNote(result.timeScale)})`],
    ['Provider', result.provider],
    ['Clients', String(result.clients)],
    ['Pods / zones', pods === '' ? NOT_MEASURED : pods],
    ['Versions', versions === '' ? NOT_MEASURED : versions],
    ['Git SHA', result.gitSha ?? 'unknown'],
    ['Harness load', harnessLoadLine(result) ?? NOT_MEASURED],
    ['Measurement error', measurementErrorLine(result)?.replace(/^Measurement error: /, '') ?? NOT_MEASURED],
    ['Run directory', result.runDir],
  ];
  return facts.map(([key, value]) => `- **${key}:** ${md(value)}`);
}

function faultWindows(result: RunResult): string[] {
  if (result.faults.length === 0) return ['_No faults were injected._'];
  const delays = faultDelayLines(result).map((l) => `- ${md(l)}`);
  return [
    ...faultWindowTable(result),
    ...(delays.length > 0 ? ['', 'Planned faults that waited for their target:', '', ...delays] : []),
  ];
}

function faultWindowTable(result: RunResult): string[] {
  return table(
    ['Fault', 'Targets', 'Start', 'End', 'Length'],
    result.faults.map((f) => [
      `${md(f.fault)} (${md(f.id)})`,
      md(f.targets.join(', ')),
      formatT(f.startT),
      f.endT === null ? 'not healed' : formatT(f.endT),
      f.endT === null ? NOT_MEASURED : md(harnessAndRunbook(f.endT - f.startT, result.timeScale)),
    ]),
  );
}

/** Only for runs whose faults injected latency. */
function faultLatency(result: RunResult): string[] {
  const series = result.charts.faultLatency;
  if (series === undefined) return [];
  return [
    '## Latency against the injected delay',
    '',
    'Inside each latency window, next to the baseline outside every fault window and its recovery. ' +
      'The delay is added on each direction of every link, so a request and its reply across a delayed ' +
      'link gain about twice the delay.',
    '',
    ...table(
      FAULT_LATENCY_HEADER,
      faultLatencyRows(series).map((row) => row.map(md)),
    ),
    '',
  ];
}

function evidenceItem(e: Evidence): string {
  const facts: string[] = [];
  if (e.t !== undefined) facts.push(formatT(e.t));
  if (e.client !== undefined) facts.push(`client ${e.client}`);
  if (e.pod !== undefined) facts.push(`pod ${e.pod}`);
  if (e.room !== undefined) facts.push(`room ${e.room}`);
  if (e.clientMsgId !== undefined) facts.push(`clientMsgId ${e.clientMsgId}`);
  if (e.seq !== undefined) facts.push(`seq ${e.seq}`);
  const suffix = facts.length > 0 ? ` — ${md(facts.join(', '))}` : '';
  return `- ${md(e.summary)}${suffix}`;
}

function evidenceOf(c: CriterionResult): string[] {
  const lines = [
    `### ${verdictLabel(c.verdict)}: ${md(c.title)}`,
    '',
    `Value ${md(formatValue(c))}, threshold ${md(formatThreshold(c))}.`,
  ];
  const details = formatDetails(c);
  if (details !== '') lines.push('', `Details: ${md(details)}`);
  if (c.error !== undefined) lines.push('', `Checker error: \`${c.error.replace(/[`\r\n]/g, ' ')}\``);
  if (c.verdict === 'inconclusive') lines.push('', `Inconclusive: ${md(undecidedReason(c) ?? '')}.`);
  lines.push('');
  if (c.evidence.length > 0) lines.push(...c.evidence.map(evidenceItem));
  else lines.push('_No evidence recorded._');
  return lines;
}

function evidence(result: RunResult): string[] {
  // Not-applicable criteria have nothing to explain: the verdict table gives their reason.
  const judged = byVerdict(result.criteria).filter(
    (c) => c.verdict !== 'pass' && c.verdict !== 'not-applicable',
  );
  if (judged.length === 0)
    return [
      result.criteria.some((c) => c.verdict === 'not-applicable')
        ? '_Every applicable criterion passed; there is no failure to explain._'
        : '_Every criterion passed; there is no failure to explain._',
    ];
  return judged.flatMap((c, i) => (i === 0 ? evidenceOf(c) : ['', ...evidenceOf(c)]));
}

function counters(result: RunResult): string[] {
  const entries = Object.entries(result.counters);
  if (entries.length === 0) return ['_No counters recorded._'];
  return table(
    ['Counter', 'Value'],
    entries.map(([name, value]) => [md(name), String(value)]),
  );
}

function errors(result: RunResult): string[] {
  if (result.errors.length === 0) return ['_None._'];
  return result.errors.map((e) => `- ${md(e)}`);
}

export function renderMarkdown(result: RunResult): string {
  const lines = [
    `# ${verdictLabel(result.verdict)} — ${md(result.scenario.title)}`,
    '',
    `**${md(summarize(result))}**`,
    '',
    ...harnessOverloadLines(result).flatMap((l) => [`> **Warning:** ${md(l)}`, '']),
    '## Verdicts',
    '',
    ...verdictTable(result),
    '',
    '## Run',
    '',
    ...runFacts(result),
    '',
    'Times are harness seconds since the run started; runbook seconds = harness seconds ÷ time scale.',
    '',
    '## Fault windows',
    '',
    ...faultWindows(result),
    '',
    ...faultLatency(result),
    '## Evidence',
    '',
    ...evidence(result),
    '',
    '## Counters',
    '',
    ...counters(result),
    '',
    '## Harness errors',
    '',
    ...errors(result),
    '',
  ];
  return lines.join('\n');
}

export const markdownReporter: Reporter = {
  name: 'markdown',
  render: (result) => [{ file: REPORT_MD, content: renderMarkdown(result) }],
};
