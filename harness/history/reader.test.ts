import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryFormatError, readHistory, readHistoryStream, type TruncatedLine } from './reader.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'drill-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
function historyFile(text: string): string {
  const file = path.join(dir, `h${++n}.jsonl`);
  writeFileSync(file, text);
  return file;
}
const line = (t: number, phase = 'warmup') => JSON.stringify({ t, type: 'phase', phase });

describe('readHistory', () => {
  it('reads one event per line, skipping blank lines and tolerating CRLF', async () => {
    const file = historyFile(`${line(1)}\r\n\n${line(2, 'fault')}\n`);
    expect(await readHistory(file)).toEqual([
      { t: 1, type: 'phase', phase: 'warmup' },
      { t: 2, type: 'phase', phase: 'fault' },
    ]);
  });

  it('names the line number of a malformed line', async () => {
    const file = historyFile(`${line(1)}\n${line(2)}\n{"t":3,"type":\n${line(4)}\n`);
    const error = await readHistory(file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HistoryFormatError);
    expect(error).toMatchObject({ line: 3, file });
    expect((error as Error).message).toContain(`${file}:3: not JSON`);
  });

  it('rejects lines that are JSON but not events', async () => {
    await expect(readHistory(historyFile(`${line(1)}\n{"type":"phase"}\n`))).rejects.toMatchObject({
      line: 2,
    });
    await expect(readHistory(historyFile(`[1,2]\n`))).rejects.toThrow(/:1: not a JSON object/);
  });

  it('skips a truncated final line (a crash mid-write) and reports it', async () => {
    const file = historyFile(`${line(1)}\n${line(2)}\n{"t":3,"type":"deli`);
    const reported: TruncatedLine[] = [];
    const events = await readHistory(file, { onTruncatedLine: (t) => reported.push(t) });
    expect(events.map((e) => e.t)).toEqual([1, 2]);
    expect(reported).toEqual([{ file, line: 3, text: '{"t":3,"type":"deli' }]);
  });

  it('treats a malformed last line that ends with a newline as corruption, not truncation', async () => {
    await expect(readHistory(historyFile(`${line(1)}\n{"t":2,\n`))).rejects.toMatchObject({ line: 2 });
  });

  it('streams: a consumer can stop early', async () => {
    const file = historyFile(Array.from({ length: 1000 }, (_, i) => line(i)).join('\n') + '\n');
    const seen: number[] = [];
    for await (const e of readHistoryStream(file)) {
      seen.push(e.t);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual([0, 1, 2]);
  });
});
