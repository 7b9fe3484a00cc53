import { setTimeout as delay } from 'node:timers/promises';

/** Resolves after `ms`, or at once when `signal` aborts; never rejects, leaves no listener behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return delay(ms, undefined, signal ? { signal } : {}).catch(() => undefined);
}

/** The promise's value, or `fallback` after `ms`; the timer is cleared as soon as either settles. */
export async function withTimeout<T, F>(promise: Promise<T>, ms: number, fallback: F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<F>((resolve) => (timer = setTimeout(() => resolve(fallback), ms))),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
