import { describe, expect, it } from 'vitest';
import { memorySessionsReleased } from './memory-sessions-released.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { finish, sample, soakHistory } from './test-support/soak-history.js';

describe('memory-sessions-released', () => {
  it('passes when every pod is back to one session record per open connection after the churn', () => {
    const soak = soakHistory();
    const result = judge(memorySessionsReleased, finish(soak), 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({
      'connection-churn-1.pod-a.left': 0,
      'connection-churn-1.pod-a.churned': 600,
    });
  });

  it('fails when the records of closed connections are never released, naming the pod and the counts', () => {
    const soak = soakHistory({ leakPerConnection: 1 });
    const result = judge(memorySessionsReleased, finish(soak), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 600 });
    expect(result.evidence).toHaveLength(3);
    expect(result.evidence[0]).toMatchObject({ pod: 'pod-a' });
    expect(result.evidence[0]!.summary).toMatch(
      /pod-a still held 620 session records for 20 open connections/,
    );
    expect(result.evidence[0]!.summary).toMatch(/600 never released/);
  });

  it('counts the fewest left over after the churn, so a scrape racing a connect does not fail it', () => {
    const soak = soakHistory({ pods: ['pod-a'] });
    // A fleet client reconnecting: the scrape saw its session before its connection.
    sample(soak.builder.at(soak.endT - 100), 'pod-a', { connections: 20, rssMiB: 100, sessions: 21 });
    expect(judge(memorySessionsReleased, finish(soak), 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('is unknown when a pod served no churn connection: nothing was exercised there', () => {
    const result = judge(memorySessionsReleased, finish(soakHistory({ perCycle: 0 })), 0);
    expect(result.verdict).toBe('unknown');
    expect(result.error).toMatch(/pod-a served no connection of connection-churn-1/);
  });

  it('is unknown when the pods do not export websocket_sessions, or when there was no churn', () => {
    const soak = soakHistory({ sessions: false });
    const noGauge = judge(memorySessionsReleased, finish(soak), 0);
    expect(noGauge.verdict).toBe('unknown');
    expect(noGauge.error).toMatch(/does not export websocket_sessions/);
    const noChurn = judge(memorySessionsReleased, new HistoryBuilder().end().build(), 0);
    expect(noChurn).toMatchObject({ verdict: 'unknown', error: 'no connection-churn fault in the history' });
  });
});
