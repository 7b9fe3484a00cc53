import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { HistoryEvent } from './events.js';

export class HistoryFormatError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'HistoryFormatError';
  }
}

/** The last line of a history whose writer died mid-line. */
export interface TruncatedLine {
  file: string;
  line: number;
  text: string;
}

export interface ReadHistoryOptions {
  /** Told about a truncated final line, which is skipped. Default: a process warning. */
  onTruncatedLine?: (truncated: TruncatedLine) => void;
}

const warnTruncated = (t: TruncatedLine) =>
  process.emitWarning(`${t.file}:${t.line}: skipped a truncated final line (${t.text.length} characters)`, {
    code: 'HISTORY_TRUNCATED',
  });

/**
 * Streams a history.jsonl, one event per line. A malformed line throws a HistoryFormatError with
 * its line number, except a malformed last line without a newline: that is what a crash
 * mid-write leaves behind, so it is reported and skipped.
 */
export async function* readHistoryStream(
  file: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<HistoryEvent, void, undefined> {
  const input = createReadStream(file);
  let endsWithNewline = true;
  input.on('data', (chunk) => {
    if (chunk.length > 0) endsWithNewline = chunk[chunk.length - 1] === 0x0a;
  });
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  let malformed: { line: number; text: string; reason: string } | null = null;
  try {
    for await (const text of lines) {
      lineNo += 1;
      if (malformed !== null) throw new HistoryFormatError(file, malformed.line, malformed.reason);
      if (text.trim() === '') continue;
      const parsed = parseEvent(text);
      if (typeof parsed === 'string') malformed = { line: lineNo, text, reason: parsed };
      else yield parsed;
    }
  } finally {
    lines.close();
    input.destroy();
  }
  if (malformed === null) return;
  if (endsWithNewline) throw new HistoryFormatError(file, malformed.line, malformed.reason);
  (options.onTruncatedLine ?? warnTruncated)({ file, line: malformed.line, text: malformed.text });
}

export async function readHistory(file: string, options: ReadHistoryOptions = {}): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const event of readHistoryStream(file, options)) events.push(event);
  return events;
}

/** The event, or why the line is not one. Only the envelope is checked; the rest is trusted. */
function parseEvent(text: string): HistoryEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return `not JSON (${(err as Error).message})`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object';
  const { type, t } = value as { type?: unknown; t?: unknown };
  if (typeof type !== 'string') return 'no "type"';
  if (typeof t !== 'number' || !Number.isFinite(t)) return 'no numeric "t"';
  return value as HistoryEvent;
}
