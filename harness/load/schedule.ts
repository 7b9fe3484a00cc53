import type { Random } from './random.js';

export interface ScheduledSend {
  /** ms from the start of the schedule */
  at: number;
  client: number;
}

/**
 * An open-model workload: Poisson arrivals at `ratePerSecond`, each from a client drawn at
 * random. Sends fire at their time whatever the system does, so a stalled gateway cannot slow
 * the load down and hide its own outage.
 */
export function openModelSchedule(
  random: Random,
  opts: { ratePerSecond: number; durationMs: number; clients: number },
): ScheduledSend[] {
  const sends: ScheduledSend[] = [];
  if (opts.ratePerSecond <= 0 || opts.clients <= 0) return sends;
  const meanGapMs = 1000 / opts.ratePerSecond;
  for (
    let at = -Math.log(1 - random()) * meanGapMs;
    at < opts.durationMs;
    at += -Math.log(1 - random()) * meanGapMs
  ) {
    sends.push({ at, client: Math.floor(random() * opts.clients) });
  }
  return sends;
}
