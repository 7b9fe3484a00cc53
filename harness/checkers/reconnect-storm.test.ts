import { describe, expect, it } from 'vitest';
import { reconnectStorm } from './reconnect-storm.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const PODS = ['pod-a', 'pod-b', 'pod-c'];
const CLIENTS = Array.from({ length: 20 }, (_, i) => `c${i}`);

/** 20 clients up and caught up; all dropped at 1 000 by a fault on every pod healed at 4 000; client i reconnects at times(i) (null: never). */
function outage(times: (i: number) => number | null): HistoryBuilder {
  const b = new HistoryBuilder({ pods: PODS });
  b.push({
    type: 'run.start',
    version: 1,
    scenario: 'test',
    seed: 1,
    timeScale: 0.1,
    wallClockAt0: 0,
    clients: CLIENTS.length,
    pods: PODS.map((name) => ({ name, zone: name })),
  });
  CLIENTS.forEach((c, i) => b.online(c, PODS[i % 3]!, ['r']));
  b.at(1000).faultStart('complete-outage-1', PODS);
  for (const c of CLIENTS) b.disconnect(c, { reason: 'transport close' });
  const back = CLIENTS.flatMap((c, i) => {
    const t = times(i);
    return t === null ? [] : [{ c, t }];
  }).sort((x, y) => x.t - y.t);
  let ended = false;
  for (const { c, t } of back) {
    if (!ended && t >= 4000) {
      b.at(4000).faultEnd('complete-outage-1');
      ended = true;
    }
    b.at(t);
    b.push({
      type: 'client.connect',
      client: c,
      pod: 'pod-a',
      transport: 'websocket',
      attempt: 5,
      reconnect: true,
    });
    b.resumed(c, 'r');
  }
  if (!ended) b.at(4000).faultEnd('complete-outage-1');
  return b;
}

describe('reconnect-storm', () => {
  it('passes when backoff with jitter spreads the fleet over seconds, reporting the time to full recovery', () => {
    // one client every 200 ms from 4 100: 5 per second = 25 % of the fleet
    const history = outage((i) => 4100 + i * 200)
      .end()
      .build();
    const result = judge(reconnectStorm, history, 50);
    expect(result).toMatchObject({ verdict: 'pass', value: 25 });
    expect(result.details).toMatchObject({
      fleet: 20,
      peakPerSecond: 5,
      reconnects: 20,
      attempts: 100,
      meanAttempts: 5,
      'complete-outage-1.recoveryAfterEndMs': 100 + 19 * 200,
      'complete-outage-1.recoveryAfterStartMs': 3000 + 100 + 19 * 200,
    });
  });

  it('fails on a thundering herd: the whole fleet back within the same second', () => {
    const history = outage((i) => 4100 + i * 10)
      .end()
      .build();
    const result = judge(reconnectStorm, history, 50);
    expect(result).toMatchObject({ verdict: 'fail', value: 100 });
    expect(result.evidence[0]?.summary).toMatch(/20 of 20 clients reconnected within 1000 ms from t=4100/);
  });

  it('ignores the initial connections and reports -1 when the fleet never fully recovers', () => {
    const history = outage((i) => (i === 0 ? null : 4100 + i * 300))
      .at(12_000)
      .phase('judge')
      .end()
      .build();
    const result = judge(reconnectStorm, history, 50);
    expect(result.details).toMatchObject({ reconnects: 19, 'complete-outage-1.recoveryAfterEndMs': -1 });
  });

  it('is unknown without a fault window', () => {
    const history = new HistoryBuilder().online('c1', 'pod-a').build();
    expect(judge(reconnectStorm, history, 50).verdict).toBe('unknown');
  });
});
