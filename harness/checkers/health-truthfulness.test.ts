import { describe, expect, it } from 'vitest';
import type { FaultTarget } from '../history/events.js';
import { healthTruthfulness } from './health-truthfulness.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const DB: FaultTarget[] = [{ kind: 'database', name: 'primary' }];
const PODS = ['pod-a', 'pod-b'];
const db = { endpoint: '/health/database' as const, expectedReady: false };

/** Both pods probed at `t` with these statuses. */
function probes(b: HistoryBuilder, t: number, status: number | null, expectedReady = false): HistoryBuilder {
  b.at(t);
  for (const pod of PODS) b.probe(pod, status, { ...db, expectedReady });
  return b;
}

function outage(during: Array<number | null>, after: Array<[number, number]>): HistoryBuilder {
  const b = new HistoryBuilder({ pods: PODS }).online('c1', 'pod-a', ['r']);
  probes(b, 900, 200, true);
  b.at(1000).faultStart('database-failover-1', [], DB);
  during.forEach((status, i) => probes(b, 1500 + i * 500, status));
  b.at(5000).faultEnd('database-failover-1');
  for (const [t, status] of after) probes(b, t, status, true);
  return b;
}

describe('health-truthfulness', () => {
  it('passes when /health/database is 503 during the outage and 200 soon after, reporting recovery', () => {
    const history = outage([200, 503, 503, 503], [[5400, 200]])
      .at(5600)
      .ack('c1', 'r', 1)
      .end()
      .build();
    const result = judge(healthTruthfulness, history, 0, 0.1);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({
      boundMs: 3000,
      'database-failover-1.recoveryMs': 600,
      'database-failover-1.healthyAgainMs': 400,
      'database-failover-1.firstUnhealthyMs': 1000,
      'database-failover-1.outageMs': 4000,
    });
  });

  it('fails when a pod answers 200 all through the outage (health-ignores-db)', () => {
    const history = outage([200, 200, 200], [[5400, 200]])
      .end()
      .build();
    const result = judge(healthTruthfulness, history, 0, 0.1);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(2);
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-a' });
    expect(result.evidence[0]?.summary).toMatch(/answered 200 to all 3 \/health\/database probes/);
  });

  it('fails when a pod is not healthy again within 30 s × timeScale after the end', () => {
    const history = outage(
      [503, 503],
      [
        [6000, 503],
        [8100, 200],
      ],
    )
      .end()
      .build();
    const result = judge(healthTruthfulness, history, 0, 0.1);
    expect(result.verdict).toBe('fail');
    expect(result.evidence[0]?.summary).toMatch(/only 3100 ms after database-failover-1 ended/);
    // At time scale 1 the same history is within the bound.
    expect(judge(healthTruthfulness, history, 0, 1).verdict).toBe('pass');
  });

  it('counts a probe that got no answer as not healthy, and fails a pod that never recovers', () => {
    const history = outage([null, null], []).end().build();
    const result = judge(healthTruthfulness, history, 0, 0.1);
    expect(result.value).toBe(2);
    expect(result.evidence.map((e) => e.summary).join('\n')).toMatch(/never answered 200/);
  });

  it('is unknown when a pod has no probe inside the window, or there is no database fault', () => {
    const noProbes = outage([], [[5400, 200]])
      .end()
      .build();
    expect(judge(healthTruthfulness, noProbes, 0, 0.1)).toMatchObject({ verdict: 'unknown' });
    const redisOnly = new HistoryBuilder({ pods: PODS })
      .faultStart('redis-stop-1', [], [{ kind: 'redis', name: 'redis' }])
      .at(10)
      .faultEnd('redis-stop-1')
      .build();
    expect(judge(healthTruthfulness, redisOnly, 0).error).toMatch(/no fault window targeting the database/);
  });
});
