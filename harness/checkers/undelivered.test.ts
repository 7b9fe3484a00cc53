import { describe, expect, it } from 'vitest';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { undelivered } from './undelivered.js';

function room() {
  return new HistoryBuilder()
    .rooms({ r1: ['c1', 'c2'] })
    .online('c1', 'pod-a', ['r1'])
    .online('c2', 'pod-b', ['r1'])
    .at(100)
    .ack('c1', 'r1', 1)
    .deliverTo(['c1', 'c2'], 'r1', 1)
    .at(150)
    .ack('c1', 'r1', 2);
}

describe('undelivered', () => {
  it('passes when every member got every committed message above its fromSeq', () => {
    const history = room().deliverTo(['c1', 'c2'], 'r1', 2).phase('final-sync').audit('r1', [1, 2]).build();
    expect(judge(undelivered, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails on a committed message a member never received, naming member, message and commit time', () => {
    const history = room().deliver('c1', 'r1', 2).phase('final-sync').audit('r1', [1, 2]).build();
    const result = judge(undelivered, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c2', room: 'r1', seq: 2, clientMsgId: 'r1#2', t: 150 }),
    ]);
  });

  it('judges committed messages nobody acked too (a send that timed out but committed)', () => {
    const history = room()
      .deliverTo(['c1', 'c2'], 'r1', 2)
      .push({
        type: 'audit.committed',
        room: 'r1',
        messages: [
          { seq: 1, clientMsgId: 'r1#1' },
          { seq: 2, clientMsgId: 'r1#2' },
          { seq: 3, clientMsgId: 'timed-out' },
        ],
      })
      .build();
    const result = judge(undelivered, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.details).toMatchObject({ missedDeliveries: 2, committed: 3 });
    expect(result.evidence.map((e) => [e.client, e.clientMsgId, e.t])).toEqual([
      ['c1', 'timed-out', undefined],
      ['c2', 'timed-out', undefined],
    ]);
  });

  it('ignores members that never joined or were closed before the final sync', () => {
    const history = new HistoryBuilder()
      .rooms({ r1: ['c1', 'c2', 'c3'] })
      .online('c1', 'pod-a', ['r1'])
      .online('c3', 'pod-c', ['r1'])
      .ack('c1', 'r1', 1)
      .deliver('c1', 'r1', 1)
      .closed('c3')
      .phase('final-sync')
      .audit('r1', [1])
      .build();
    const result = judge(undelivered, history, 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({ neverJoined: 1, closedBeforeSync: 1, judgedMembers: 1 });
  });

  it('is unknown without any audit', () => {
    const result = judge(undelivered, room().build(), 0);
    expect(result).toMatchObject({ verdict: 'unknown', value: null });
    expect(result.error).toContain('no audit.committed');
  });
});
