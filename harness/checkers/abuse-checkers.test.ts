import { describe, expect, it } from 'vitest';
import { abusersDisconnected } from './abusers-disconnected.js';
import { maxConnectionsEnforced } from './max-connections-enforced.js';
import { rateLimitEnforced } from './rate-limit-enforced.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const WINDOW_MS = 60_000;

/**
 * abuser-1's connection #0 opens at 1 s, gets `accepted` sends accepted (10 ms apart), then
 * `refused` rate_limited replies, and is closed (by the gateway when `cut`).
 */
function abuse(options: { accepted: number; refused: number; cut: boolean; windowMs?: number }) {
  const connection = 'abuser-1#0';
  const b = new HistoryBuilder()
    .at(500)
    .push({
      type: 'fault.start',
      id: 'abusive-clients-1',
      fault: 'abusive-clients',
      targets: [{ kind: 'load-balancer', name: 'load-balancer' }],
      affectedPods: [],
      params: { windowMs: options.windowMs ?? WINDOW_MS },
    })
    .at(1_000)
    .push({
      type: 'abuse.connection',
      abuser: 'abuser-1',
      connection,
      state: 'open',
      pod: 'pod-a',
      code: null,
    });
  let t = 1_000;
  const reply = (outcome: string) =>
    b.at((t += 10)).push({ type: 'abuse.reply', abuser: 'abuser-1', connection, outcome, latencyMs: 3 });
  for (let i = 0; i < options.accepted; i++) reply('ok');
  for (let i = 0; i < options.refused; i++) reply('rate_limited');
  return b
    .at(t + 1)
    .push({
      type: 'abuse.connection',
      abuser: 'abuser-1',
      connection,
      state: 'closed',
      pod: 'pod-a',
      code: null,
      reason: options.cut ? 'io server disconnect' : 'closed by the harness',
      byServer: options.cut,
    })
    .build();
}

describe('rate-limit-enforced', () => {
  it('passes when an abusive connection gets at most the limit accepted, the rest refused', () => {
    const result = judge(rateLimitEnforced, abuse({ accepted: 100, refused: 4, cut: true }), 100);
    expect(result).toMatchObject({ verdict: 'pass', value: 100 });
    expect(result.details).toMatchObject({ accepted: 100, rateLimited: 4, connections: 1 });
  });

  it('fails when the flood goes through (RATE_LIMIT_ENABLED=false), naming the connection', () => {
    const result = judge(rateLimitEnforced, abuse({ accepted: 400, refused: 0, cut: false }), 100);
    expect(result).toMatchObject({ verdict: 'fail', value: 400 });
    expect(result.evidence[0]?.summary).toContain('abuser-1#0 had 400 sends accepted in the 60000 ms');
  });

  it('counts per window from the connection: 100 in each of two windows passes', () => {
    // 200 accepted 10 ms apart from t=1010 to t=3000: 100 in [1000, 2005), 100 in [2005, 3010).
    const result = judge(
      rateLimitEnforced,
      abuse({ accepted: 200, refused: 1, cut: false, windowMs: 1_005 }),
      100,
    );
    expect(result).toMatchObject({ verdict: 'pass', value: 100 });
  });

  it('is unknown when nothing was refused within the limit, or there was no flood', () => {
    expect(judge(rateLimitEnforced, abuse({ accepted: 50, refused: 0, cut: false }), 100).verdict).toBe(
      'unknown',
    );
    expect(judge(rateLimitEnforced, new HistoryBuilder().build(), 100).verdict).toBe('unknown');
  });
});

describe('abusers-disconnected', () => {
  it('passes when strict mode cuts the connection after a few refusals', () => {
    const result = judge(abusersDisconnected, abuse({ accepted: 100, refused: 4, cut: true }), 10);
    expect(result).toMatchObject({ verdict: 'pass', value: 4, details: { cutByServer: 1 } });
  });

  it('fails when the gateway keeps refusing without cutting (STRICT_MODE=false)', () => {
    const result = judge(abusersDisconnected, abuse({ accepted: 100, refused: 300, cut: false }), 10);
    expect(result).toMatchObject({ verdict: 'fail', value: 300 });
    expect(result.evidence[0]?.summary).toContain('the gateway never cut it');
  });

  it('is unknown when nothing was refused, or the gateway cut nothing within the threshold', () => {
    expect(judge(abusersDisconnected, abuse({ accepted: 400, refused: 0, cut: false }), 10).verdict).toBe(
      'unknown',
    );
    expect(judge(abusersDisconnected, abuse({ accepted: 100, refused: 2, cut: false }), 10).verdict).toBe(
      'unknown',
    );
  });
});

describe('max-connections-enforced', () => {
  /** c1, c2 on pod-a; a flood of `attempts` at pod-a of which the first `accepted` are let in. */
  function flood(options: { attempts: number; accepted: number; sampled?: number }) {
    const b = new HistoryBuilder()
      .online('c1', 'pod-a')
      .online('c2', 'pod-a')
      .online('c3', 'pod-b')
      .at(1_000)
      .faultStart('connection-flood-1', [], [{ kind: 'pod', name: 'pod-a' }]);
    for (let index = 0; index < options.attempts; index++) {
      const open = index < options.accepted;
      b.at(1_000 + index).push({
        type: 'flood.connection',
        pod: 'pod-a',
        index,
        state: open ? 'open' : 'refused',
        code: open ? null : 'server_full',
      });
    }
    if (options.sampled !== undefined)
      b.push({
        type: 'metrics.sample',
        pod: 'pod-a',
        connections: options.sampled,
        rssBytes: null,
        heapUsedBytes: null,
        sessions: null,
        redisUp: null,
        databaseUp: null,
        presenceEnabled: null,
      });
    b.at(3_000);
    for (let index = 0; index < options.accepted; index++)
      b.push({ type: 'flood.connection', pod: 'pod-a', index, state: 'closed', code: null, byServer: false });
    return b.faultEnd('connection-flood-1').build();
  }

  it('passes when the pod held the limit and refused the excess with server_full', () => {
    const result = judge(maxConnectionsEnforced, flood({ attempts: 12, accepted: 8, sampled: 10 }), 10);
    expect(result).toMatchObject({ verdict: 'pass', value: 10 });
    expect(result.details).toMatchObject({
      floodAccepted: 8,
      refusedServerFull: 4,
      'connection-flood-1.fleetAtPeak': 2,
    });
  });

  it('fails when the pod let the whole flood in, counting the virtual users on it', () => {
    const result = judge(maxConnectionsEnforced, flood({ attempts: 12, accepted: 12 }), 10);
    expect(result).toMatchObject({ verdict: 'fail', value: 14 });
    expect(result.evidence[0]?.summary).toContain('pod-a held 14 connections');
    expect(result.evidence[0]?.summary).toContain('12 of the flood + 2 virtual users');
  });

  it("fails on the pod's own websocket_connections over the limit", () => {
    const result = judge(maxConnectionsEnforced, flood({ attempts: 12, accepted: 8, sampled: 11 }), 10);
    expect(result).toMatchObject({ verdict: 'fail', value: 11 });
    expect(result.evidence[0]?.summary).toContain('websocket_connections was 11');
  });

  it('is unknown when the flood never reached the limit, or there was no flood', () => {
    expect(judge(maxConnectionsEnforced, flood({ attempts: 5, accepted: 5 }), 10).verdict).toBe('unknown');
    expect(judge(maxConnectionsEnforced, new HistoryBuilder().build(), 10).verdict).toBe('unknown');
  });
});
