import { describe, expect, it } from 'vitest';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { unrecoveredClients } from './unrecovered-clients.js';

function fleet() {
  return new HistoryBuilder()
    .rooms({ r1: ['c1', 'c2', 'c3'] })
    .online('c1', 'pod-a', ['r1'])
    .online('c2', 'pod-b', ['r1'])
    .online('c3', 'pod-c', ['r1']);
}

describe('unrecovered-clients', () => {
  it('passes when everyone is connected and resumed when the final sync starts', () => {
    const history = fleet()
      .at(500)
      .disconnect('c2', { pod: 'pod-b' })
      .at(600)
      .connect('c2', 'pod-a')
      .resumed('c2', 'r1')
      .at(700)
      .phase('final-sync')
      .build();
    expect(judge(unrecoveredClients, history, 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { judged: 3 },
    });
  });

  it('fails on a client that left and did not come back before the final sync', () => {
    const history = fleet()
      .at(500)
      .disconnect('c2', { pod: 'pod-b', reason: 'ping timeout' })
      .at(700)
      .phase('final-sync')
      .at(800)
      .connect('c2', 'pod-a') // too late
      .resumed('c2', 'r1')
      .build();
    const result = judge(unrecoveredClients, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { notReconnected: 1 } });
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c2', pod: 'pod-b', t: 500 })]);
  });

  it('fails on a client that reconnected but did not resume every room', () => {
    const history = fleet()
      .join('c3', 'r2')
      .resumed('c3', 'r2')
      .at(500)
      .disconnect('c3', { pod: 'pod-c' })
      .at(600)
      .connect('c3', 'pod-a')
      .resumed('c3', 'r2')
      .phase('final-sync')
      .build();
    const result = judge(unrecoveredClients, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { notResumed: 1 } });
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c3', t: 600 })]);
    expect(result.evidence[0]?.summary).toContain('r1 never resumed');
  });

  it('counts assigned clients that never connected, and leaves out clients the harness closed', () => {
    const history = fleet()
      .rooms({ r2: ['c4'] })
      .at(500)
      .disconnect('c1', { planned: true, reason: 'io client disconnect' })
      .closed('c1')
      .phase('final-sync')
      .build();
    const result = judge(unrecoveredClients, history, 0);
    expect(result).toMatchObject({
      verdict: 'fail',
      value: 1,
      details: { neverConnected: 1, closedBeforeCutoff: 1 },
    });
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c4' })]);
  });

  it('judges at the run’s end when there is no final-sync phase', () => {
    const history = fleet().at(900).disconnect('c1', { pod: 'pod-a' }).build();
    expect(judge(unrecoveredClients, history, 0)).toMatchObject({ verdict: 'fail', value: 1 });
  });
});
