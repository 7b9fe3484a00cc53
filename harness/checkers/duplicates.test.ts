import { describe, expect, it } from 'vitest';
import { duplicates } from './duplicates.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

describe('duplicates', () => {
  it('passes when each (client, room, seq) is delivered once', () => {
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
});
