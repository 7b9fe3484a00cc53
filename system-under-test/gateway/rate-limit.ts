/** A fixed window per connection: at most `max` events every `windowMs`. */
export interface RateWindow {
  startedAt: number;
  count: number;
}

export function takeFromWindow(
  window: RateWindow,
  now: number,
  limit: { windowMs: number; max: number },
): { allowed: true } | { allowed: false; retryAfterMs: number } {
  if (now - window.startedAt >= limit.windowMs) {
    window.startedAt = now;
    window.count = 0;
  }
  if (window.count >= limit.max) {
    return { allowed: false, retryAfterMs: window.startedAt + limit.windowMs - now };
  }
  window.count++;
  return { allowed: true };
}
