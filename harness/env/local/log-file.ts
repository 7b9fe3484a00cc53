import { closeSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';

const TAIL_BYTES = 64 * 1024;

/** Opens a log file for appending, creating its folder; the caller closes the descriptor. */
export function openLogForAppend(file: string): number {
  mkdirSync(path.dirname(file), { recursive: true });
  return openSync(file, 'a');
}

/** Current size of a log file, 0 if it does not exist yet: remember it to read only what comes later. */
export function logSize(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/** The last `maxLines` lines written to `file` after byte `fromOffset`, for error messages. */
export function readLogTail(file: string, fromOffset = 0, maxLines = 30): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return `(no log at ${file})`;
  }
  try {
    const size = statSync(file).size;
    const start = Math.max(fromOffset, size - TAIL_BYTES);
    const buffer = Buffer.alloc(Math.max(0, size - start));
    readSync(fd, buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.length === 0 ? '(log is empty)' : lines.slice(-maxLines).join('\n');
  } finally {
    closeSync(fd);
  }
}

/** An error message followed by the indented tail of a log. */
export function withLogTail(message: string, file: string, fromOffset = 0): string {
  const tail = readLogTail(file, fromOffset)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return `${message}\n  last lines of ${file}:\n${tail}`;
}
