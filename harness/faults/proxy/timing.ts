/**
 * Resolves true once performance.now() has reached `deadline` (never early: Node's timers can fire up
 * to a millisecond before their time), or false as soon as `signal` aborts.
 */
export function sleepUntil(deadline: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let timeout: NodeJS.Timeout | undefined;
    let immediate: NodeJS.Immediate | undefined;
    const onAbort = () => {
      clearTimeout(timeout);
      if (immediate) clearImmediate(immediate);
      resolve(false);
    };
    const check = () => {
      const left = deadline - performance.now();
      if (left <= 0) {
        signal.removeEventListener('abort', onAbort);
        resolve(true);
      } else if (left >= 1) {
        timeout = setTimeout(check, left);
      } else {
        immediate = setImmediate(check);
      }
    };
    signal.addEventListener('abort', onAbort, { once: true });
    check();
  });
}

/** sleepUntil(now + ms); a zero or negative wait resolves at once without yielding to timers. */
export function sleepFor(ms: number, signal: AbortSignal): Promise<boolean> {
  if (!(ms > 0)) return Promise.resolve(!signal.aborted);
  return sleepUntil(performance.now() + ms, signal);
}
