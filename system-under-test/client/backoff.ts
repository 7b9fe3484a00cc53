export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor: number;
  /** Share of the delay (0..1) that is randomised away, so that clients that failed together retry apart. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 200, maxMs: 5000, factor: 2, jitter: 0.5 };

export function resolveBackoff(partial: Partial<BackoffOptions> = {}): BackoffOptions {
  const options = { ...DEFAULT_BACKOFF, ...partial };
  if (!(options.initialMs >= 0) || !(options.maxMs >= options.initialMs) || !(options.factor >= 1)) {
    throw new RangeError(`invalid backoff options: ${JSON.stringify(options)}`);
  }
  return { ...options, jitter: clamp(options.jitter, 0, 1) };
}

/**
 * Delay before retry number `attempt` (0 = the first retry): initialMs × factor^attempt capped at maxMs,
 * then reduced by a random share of up to `jitter`. The result lies in [(1 − jitter) × base, base], so
 * it never exceeds maxMs.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponent = Math.max(0, Math.floor(attempt));
  const base = Math.min(options.maxMs, options.initialMs * Math.pow(options.factor, exponent));
  const jitter = clamp(options.jitter, 0, 1);
  return Math.round(base * (1 - jitter * clamp(random(), 0, 1)));
}

function clamp(value: number, min: number, max: number): number {
  if (Number.isNaN(value)) return min;
  return Math.min(max, Math.max(min, value));
}
