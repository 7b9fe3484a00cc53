// The CLI's verdict table: plain text, aligned, with ANSI colour only when asked for.
import type { Verdict } from '../harness/checkers/types.js';
import type { RunResult } from '../harness/runner/result.js';
import { plainTerminal } from './escape.js';
import {
  formatThreshold,
  formatValue,
  harnessOverloadLines,
  measurementErrorLine,
  notApplicableReason,
  summarize,
  undecidedReason,
  verdictLabel,
} from './format.js';

export interface TerminalOptions {
  color: boolean;
}

const ANSI = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  magenta: '\u001b[35m',
  dim: '\u001b[2m',
} as const;

const VERDICT_COLOR: Record<Verdict, string> = {
  pass: ANSI.green,
  fail: ANSI.red,
  inconclusive: ANSI.magenta,
  unknown: ANSI.yellow,
  'not-applicable': ANSI.dim,
};

const MAX_TITLE = 60;

function clip(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

export function renderVerdictTable(result: RunResult, options: TerminalOptions = { color: false }): string {
  const paint = (text: string, code: string): string =>
    options.color ? `${code}${text}${ANSI.reset}` : text;
  const header = ['Criterion', 'Value', 'Threshold', 'Verdict'];
  const rows = result.criteria.map((c) => ({
    cells: [
      clip(plainTerminal(c.title), MAX_TITLE),
      plainTerminal(formatValue(c)),
      plainTerminal(formatThreshold(c)),
      verdictLabel(c.verdict),
    ],
    verdict: c.verdict,
  }));
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r.cells[i] ?? ''))));
  const line = (cells: string[]): string =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : pad(cell, widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const overload = harnessOverloadLines(result).map((l) => paint(plainTerminal(`⚠ ${l}`), ANSI.yellow));
  const out = [
    ...(overload.length > 0 ? [...overload, ''] : []),
    paint(line(header), ANSI.bold),
    widths.map((w) => '-'.repeat(w)).join('  '),
  ];
  for (const row of rows) {
    const text = line(row.cells);
    const verdict = row.cells[3] ?? '';
    // Colour only the verdict cell; padding was computed on the plain text so columns stay aligned.
    out.push(text.slice(0, text.length - verdict.length) + paint(verdict, VERDICT_COLOR[row.verdict]));
  }
  if (rows.length === 0) out.push('(no criteria were judged)');
  for (const c of result.criteria) {
    const why = undecidedReason(c);
    if (c.verdict === 'inconclusive' && why !== null)
      out.push(plainTerminal(`${c.title}: INCONCLUSIVE, ${why}`));
    const na = notApplicableReason(c);
    if (na !== null) out.push(plainTerminal(`${c.title}: N/A, ${na}`));
  }
  const summary = plainTerminal(`${summarize(result)} (${result.scenario.name})`);
  out.push('', paint(summary, ANSI.bold + VERDICT_COLOR[result.verdict]));
  const error = measurementErrorLine(result);
  if (error !== null) out.push(plainTerminal(error));
  return `${out.join('\n')}\n`;
}
