import { sleep } from '../local/wait.js';

/**
 * Calls `observe` until `ok` holds for what it returns and resolves with that; after `timeoutMs` it
 * rejects with the last observation (or error), so a failed wait says what was seen instead.
 * An observation that throws is recorded and retried (a server restarting refuses for a while).
 */
export async function eventually<T>(
  what: string,
  timeoutMs: number,
  observe: () => Promise<T> | T,
  ok: (value: T) => boolean,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = 'nothing observed';
  for (;;) {
    try {
      const value = await observe();
      if (ok(value)) return value;
      last = JSON.stringify(value);
    } catch (error) {
      last = `error: ${error instanceof Error ? error.message : String(error)}`;
    }
    if (Date.now() >= deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${last}`);
    await sleep(intervalMs);
  }
}
