import { describe, expect, it } from 'vitest';
import { duplicates } from './duplicates.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

describe('duplicates', () => {
  it('passes when each message (clientMsgId) is delivered once to each member', () => {
    const history = new HistoryBuilder()
      .ack('c1', 'r1', 1)
      .deliverTo(['c1', 'c2'], 'r1', 1)
      .ack('c1', 'r2', 1)
      .deliver('c1', 'r2', 1) // the same seq in another room is another message
      .build();
    expect(judge(duplicates, history, 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { deliveries: 3 },
    });
  });

  it('fails on a repeat, naming the client, message and the time of the repeat', () => {
    const history = new HistoryBuilder()
      .at(10)
      .ack('c1', 'r1', 1)
      .deliverTo(['c1', 'c2'], 'r1', 1)
      .at(20)
      .deliver('c1', 'r1', 2)
      .at(30)
      .deliver('c2', 'r1', 1)
      .build();
    const result = judge(duplicates, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c2', room: 'r1', seq: 1, clientMsgId: 'r1#1', t: 30 }),
    ]);
    expect(result.evidence[0]?.summary).toContain('first at t=10');
  });

  it('needs no server seq: the same clientMsgId twice to one member fails, once to each passes', () => {
    const deliver = (b: HistoryBuilder, client: string) =>
      b.push({
        type: 'deliver',
        client,
        room: 'r1',
        clientMsgId: 'm-1',
        sender: 'alice',
        senderSeq: 1,
        committedAt: 0,
      });
    const once = new HistoryBuilder().at(5);
    deliver(deliver(once, 'bob'), 'carol');
    expect(judge(duplicates, once.build(), 0)).toMatchObject({ verdict: 'pass', value: 0 });
    const twice = new HistoryBuilder().at(5);
    deliver(twice, 'bob').at(9);
    deliver(twice, 'bob');
    const result = judge(duplicates, twice.build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'bob', clientMsgId: 'm-1', t: 9 })]);
    expect(result.evidence[0]).not.toHaveProperty('seq');
  });
});
