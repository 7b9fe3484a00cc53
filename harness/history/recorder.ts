import { openBufferedFileWriter, type BufferedFileWriterOptions } from './buffered-file-writer.js';
import type { HistoryEvent, Unstamped } from './events.js';
import { onProcessExit } from './exit-hooks.js';

export interface RecorderOptions extends BufferedFileWriterOptions {
  /** A monotonic clock in ms; performance.now() by default. Only differences are used. */
  now?: () => number;
}

export interface Recorder {
  /** Stamps the event with `t` (ms since the recorder was created), keeps it, and appends it to the file. */
  record(event: Unstamped<HistoryEvent>): HistoryEvent;
  /** ms since the recorder was created, on the clock that stamps events. */
  now(): number;
  flush(): Promise<void>;
  /** Writes what is buffered and closes the file; idempotent. */
  close(): Promise<void>;
  /** Every recorded event, in order. */
  readonly events: readonly HistoryEvent[];
}

/**
 * The history.jsonl writer: one JSON event per line, written in batches, and flushed on every way
 * out of the process (close, exit, SIGINT/SIGTERM, uncaught exception) so a crashed run still
 * leaves its history behind.
 */
export function createRecorder(file: string, options: RecorderOptions = {}): Recorder {
  const clock = options.now ?? (() => performance.now());
  const origin = clock();
  const writer = openBufferedFileWriter(file, options);
  const unregister = onProcessExit(() => writer.flushSync());
  const events: HistoryEvent[] = [];
  let lastT = 0;
  let closing: Promise<void> | null = null;

  // Microsecond resolution is plenty and keeps the lines short.
  const now = () => Math.round((clock() - origin) * 1000) / 1000;

  return {
    events,
    now,
    record(event) {
      if (closing !== null) throw new Error(`history ${file} is closed; cannot record ${event.type}`);
      // Never let `t` go backwards: readers and checkers rely on the history being in order.
      lastT = Math.max(lastT, now());
      // `t` first for readable lines; assigned again so a stray `t` in the input cannot win.
      const stamped = Object.assign({ t: lastT }, event, { t: lastT }) as HistoryEvent;
      events.push(stamped);
      writer.write(JSON.stringify(stamped) + '\n');
      return stamped;
    },
    flush: () => writer.flush(),
    close() {
      closing ??= writer.close().finally(unregister);
      return closing;
    },
  };
}
