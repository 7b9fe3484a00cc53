import { closeSync, openSync, write, writeSync } from 'node:fs';

export interface BufferedFileWriterOptions {
  /** Longest time text waits in memory before it is written. Default 100 ms. */
  flushIntervalMs?: number;
  /** A write starts at once when this much text is waiting. Default 64 KiB. */
  maxBufferBytes?: number;
}

export interface BufferedFileWriter {
  /** Appends text; it reaches the file within flushIntervalMs. */
  write(text: string): void;
  /** Resolves once everything written before the call is in the file. */
  flush(): Promise<void>;
  /** For exit paths, where nothing asynchronous runs any more. */
  flushSync(): void;
  close(): Promise<void>;
}

/**
 * A file written in batches. Every batch goes to an explicit offset, so the synchronous exit
 * flush can rewrite a batch whose asynchronous write may not have finished: the same bytes at
 * the same place, whichever write lands last.
 */
export function openBufferedFileWriter(
  file: string,
  options: BufferedFileWriterOptions = {},
): BufferedFileWriter {
  const flushIntervalMs = options.flushIntervalMs ?? 100;
  const maxBufferBytes = options.maxBufferBytes ?? 64 * 1024;
  let fd: number | null = openSync(file, 'w');
  let chunks: string[] = [];
  let bufferedChars = 0;
  let nextOffset = 0;
  let inFlight: { bytes: Buffer; offset: number } | null = null;
  let draining: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failure: Error | null = null;
  let closing: Promise<void> | null = null;

  const takeBatch = (): Buffer | null => {
    if (chunks.length === 0) return null;
    const bytes = Buffer.from(chunks.join(''));
    chunks = [];
    bufferedChars = 0;
    return bytes;
  };

  const drain = async (openFd: number): Promise<void> => {
    try {
      for (let bytes = takeBatch(); bytes !== null; bytes = takeBatch()) {
        const offset = nextOffset;
        nextOffset += bytes.length;
        inFlight = { bytes, offset };
        await writeAt(openFd, bytes, offset);
        inFlight = null;
      }
    } catch (err) {
      failure ??= err instanceof Error ? err : new Error(String(err));
      chunks = [];
    } finally {
      draining = null;
    }
  };

  const startDrain = (): Promise<void> => {
    if (draining !== null) return draining;
    if (chunks.length === 0 || fd === null || failure !== null) return Promise.resolve();
    draining = drain(fd);
    return draining;
  };

  const armTimer = () => {
    if (timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void startDrain();
    }, flushIntervalMs);
    timer.unref();
  };

  const flush = async (): Promise<void> => {
    while ((chunks.length > 0 || draining !== null) && failure === null && fd !== null) await startDrain();
    if (failure !== null) throw failure;
  };

  return {
    write(text) {
      if (closing !== null) throw new Error(`${file} is closed`);
      if (failure !== null) return;
      chunks.push(text);
      bufferedChars += text.length;
      if (bufferedChars >= maxBufferBytes) void startDrain();
      armTimer();
    },
    flush,
    flushSync() {
      if (fd === null) return;
      if (inFlight !== null) writeAtSync(fd, inFlight.bytes, inFlight.offset);
      const bytes = takeBatch();
      if (bytes === null) return;
      const offset = nextOffset;
      nextOffset += bytes.length;
      writeAtSync(fd, bytes, offset);
    },
    close() {
      closing ??= (async () => {
        try {
          await flush();
        } finally {
          clearTimeout(timer);
          if (fd !== null) closeSync(fd);
          fd = null;
        }
      })();
      return closing;
    },
  };
}

function writeAt(fd: number, bytes: Buffer, offset: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (done: number) =>
      write(fd, bytes, done, bytes.length - done, offset + done, (err, written) => {
        if (err) reject(err);
        else if (done + written < bytes.length) step(done + written);
        else resolve();
      });
    step(0);
  });
}

function writeAtSync(fd: number, bytes: Buffer, offset: number): void {
  for (let done = 0; done < bytes.length; ) {
    done += writeSync(fd, bytes, done, bytes.length - done, offset + done);
  }
}
