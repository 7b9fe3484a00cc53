import { describe, expect, it } from 'vitest';
import { presenceDegradedAndRecovered } from './presence-degraded-and-recovered.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const PODS = ['pod-a', 'pod-b'];
const REDIS = [{ kind: 'redis' as const, name: 'redis' }];
// At time scale 0.1: detection bound 2 000 ms, recovery bound 3 000 ms.
const SCALE = 0.1;

type Flags = { presence: boolean | null; redis: boolean | null };
const UP: Flags = { presence: true, redis: true };
const DOWN: Flags = { presence: false, redis: false };

/** One scrape of each pod at the builder's current time, `flags` per pod (UP by default). */
function scrape(b: HistoryBuilder, flags: Partial<Record<string, Flags>> = {}): HistoryBuilder {
  for (const pod of PODS) {
    const f = flags[pod] ?? UP;
    b.push({
      type: 'metrics.sample',
      pod,
      connections: 10,
      rssBytes: 1e8,
      heapUsedBytes: 5e7,
      sessions: 10,
      redisUp: f.redis,
      databaseUp: true,
      presenceEnabled: f.presence,
    });
  }
  return b;
}

/**
 * Scrapes every 500 ms from 0 to 10 000; redis-stop-1 over [2 000, 5 000]. `during(t)` and
 * `after(t)` give each pod's flags inside the window and after it (defaults: a correct gateway that
 * notices at the first scrape and recovers at the first scrape after the end).
 */
function run(
  options: {
    during?: (t: number) => Partial<Record<string, Flags>>;
    after?: (t: number) => Partial<Record<string, Flags>>;
    events?: (b: HistoryBuilder, t: number) => void;
    fault?: string;
  } = {},
) {
  const id = `${options.fault ?? 'redis-stop'}-1`;
  const b = new HistoryBuilder({ pods: PODS, timeScale: SCALE });
  for (let t = 0; t <= 10_000; t += 500) {
    b.at(t);
    if (t === 2_000) b.faultStart(id, [], REDIS);
    if (t === 5_000) b.faultEnd(id);
    options.events?.(b, t);
    const inside = t > 2_000 && t <= 5_000;
    const flags = inside
      ? (options.during?.(t) ?? { 'pod-a': DOWN, 'pod-b': DOWN })
      : t > 5_000
        ? (options.after?.(t) ?? {})
        : {};
    scrape(b, flags);
  }
  return b.at(10_100).end().build();
}

describe('presence-degraded-and-recovered', () => {
  it('passes when every pod reports presence disabled and Redis down in time, then both back', () => {
    const result = judge(presenceDegradedAndRecovered, run(), 0, SCALE);
    expect(result).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { windows: 1, detectMs: 2000, recoverMs: 3000, 'redis-stop-1.detectedMs': 500 },
    });
  });

  it('judges a blackhole like a stop, detection near the bound still passing', () => {
    const late = (t: number) => (t >= 3_500 ? { 'pod-a': DOWN, 'pod-b': DOWN } : {});
    const result = judge(
      presenceDegradedAndRecovered,
      run({ fault: 'redis-blackhole', during: late }),
      0,
      SCALE,
    );
    expect(result).toMatchObject({ verdict: 'pass', details: { 'redis-blackhole-1.detectedMs': 1500 } });
  });

  it('fails a pod that keeps reporting presence enabled through the outage, naming pod and window', () => {
    const result = judge(
      presenceDegradedAndRecovered,
      run({ during: () => ({ 'pod-a': DOWN, 'pod-b': { presence: true, redis: false } }) }),
      0,
      SCALE,
    );
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(1);
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-b', t: 2000 });
    expect(result.evidence[0]?.summary).toMatch(
      /pod-b did not report presence disabled and Redis down within 2000 ms after redis-stop-1 .*presence enabled, Redis down/,
    );
  });

  it('fails a pod that stays degraded after Redis returns, for the window and at the end', () => {
    const result = judge(presenceDegradedAndRecovered, run({ after: () => ({ 'pod-a': DOWN }) }), 0, SCALE);
    expect(result.value).toBe(2);
    expect(result.evidence.map((e) => e.summary)).toEqual([
      expect.stringMatching(
        /pod-a did not report presence enabled and Redis up within 3000 ms after redis-stop-1 ended/,
      ),
      expect.stringMatching(/pod-a still reported presence disabled, Redis down at its last scrape t=10000/),
    ]);
  });

  it('fails a pod that recovers only after the bound', () => {
    const slow = (t: number) => (t < 8_500 ? { 'pod-b': DOWN } : {});
    const result = judge(presenceDegradedAndRecovered, run({ after: slow }), 0, SCALE);
    expect(result.value).toBe(1);
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-b', t: 5000 });
  });

  it('fails a pod that answers no scrape after the outage starts (crashed, as with redis-fatal)', () => {
    const history = run().filter((e) => !(e.type === 'metrics.sample' && e.pod === 'pod-a' && e.t >= 2_000));
    const result = judge(presenceDegradedAndRecovered, history, 0, SCALE);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(3);
    expect(result.details).toMatchObject({ 'redis-stop-1.detectedMs': -1, 'redis-stop-1.recoveredMs': -1 });
    expect(result.evidence[0]?.summary).toMatch(
      /pod-a .*after redis-stop-1 started .*answered no metrics scrape/,
    );
  });

  it('does not judge a pod the harness stopped, nor before a pod started', () => {
    const history = run({
      during: () => ({ 'pod-a': DOWN }),
      events: (b, t) => {
        if (t === 1_000) b.push({ type: 'pod.state', pod: 'pod-b', state: 'killed', exitCode: null });
      },
    }).filter((e) => !(e.type === 'metrics.sample' && e.pod === 'pod-b' && e.t > 1_000));
    expect(judge(presenceDegradedAndRecovered, history, 0, SCALE)).toMatchObject({
      verdict: 'pass',
      value: 0,
    });
  });

  it('is unknown without a Redis outage, or when the pods expose neither metric', () => {
    const noOutage = scrape(new HistoryBuilder({ pods: PODS, timeScale: SCALE }).at(500))
      .end()
      .build();
    expect(judge(presenceDegradedAndRecovered, noOutage, 0, SCALE).verdict).toBe('unknown');
    const noMetric: Flags = { presence: null, redis: null };
    const unexposed = run({
      during: () => ({ 'pod-a': noMetric, 'pod-b': noMetric }),
      after: () => ({ 'pod-a': noMetric, 'pod-b': noMetric }),
    }).filter((e) => e.type !== 'metrics.sample' || e.presenceEnabled !== true);
    expect(judge(presenceDegradedAndRecovered, unexposed, 0, SCALE)).toMatchObject({
      verdict: 'unknown',
      error: expect.stringMatching(/no metrics.sample/),
    });
  });
});
