import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import pg from 'pg';
import type { HarnessClock, Unstamped } from '../history/events.js';

/**
 * How late the harness's own timestamps can be: every event is stamped on its event loop, so a
 * blocked loop stamps late. Sampled at 10 ms resolution for the whole run.
 */
export class EventLoopLag {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  start(): void {
    this.histogram.enable();
  }

  stop(): { p99Ms: number; maxMs: number } {
    this.histogram.disable();
    // The histogram counts the resolution itself as delay; what is left is lateness.
    const late = (ns: number) => Math.max(0, Math.round((ns / 1e6 - 10) * 10) / 10);
    return { p99Ms: late(this.histogram.percentile(99)), maxMs: late(this.histogram.max) };
  }
}

/**
 * Offset of the database's clock from the harness's wall clock (delivery latency compares a
 * database commit time with a harness receive time). The sample with the smallest round trip wins;
 * its offset is known within ± rtt/2.
 */
export async function databaseClockOffset(
  databaseUrl: string,
  samples = 5,
): Promise<{ offsetMs: number; rttMs: number }> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    let best = { offsetMs: 0, rttMs: Number.POSITIVE_INFINITY };
    for (let i = 0; i < samples; i++) {
      const sent = Date.now();
      const { rows } = await client.query<{ ms: string }>(
        'SELECT (extract(epoch from clock_timestamp()) * 1000)::float8::text AS ms',
      );
      const received = Date.now();
      const rttMs = received - sent;
      if (rttMs < best.rttMs) best = { offsetMs: Number(rows[0]!.ms) - (sent + received) / 2, rttMs };
    }
    return { offsetMs: Math.round(best.offsetMs * 10) / 10, rttMs: best.rttMs };
  } finally {
    await client.end();
  }
}

export function clockEvent(
  lag: { p99Ms: number; maxMs: number },
  database: { offsetMs: number; rttMs: number } | null,
): Unstamped<HarnessClock> {
  return {
    type: 'harness.clock',
    loopDelayP99Ms: lag.p99Ms,
    loopDelayMaxMs: lag.maxMs,
    databaseOffsetMs: database?.offsetMs ?? null,
    databaseRttMs: database?.rttMs ?? null,
  };
}
