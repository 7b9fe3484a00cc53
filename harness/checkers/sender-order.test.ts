import { describe, expect, it } from 'vitest';
import { senderOrder } from './sender-order.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

function deliver(b: HistoryBuilder, to: string, from: string, senderSeq: number | undefined) {
  return b.push({
    type: 'deliver',
    client: to,
    room: 'r1',
    clientMsgId: `${from}-${senderSeq}`,
    sender: from,
    ...(senderSeq !== undefined ? { senderSeq } : {}),
    committedAt: 0,
  });
}

describe('sender-order', () => {
  it("passes when each member sees each sender's messages in the order sent (senders interleaved)", () => {
    const b = new HistoryBuilder().at(10);
    deliver(b, 'bob', 'alice', 1);
    deliver(b, 'bob', 'carol', 5);
    deliver(b, 'bob', 'alice', 2);
    deliver(b, 'bob', 'carol', 6);
    expect(judge(senderOrder, b.build(), 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { deliveries: 4 },
    });
  });

  it('fails when a sender’s number goes backwards at a member, naming both messages', () => {
    const b = new HistoryBuilder().at(10);
    deliver(b, 'bob', 'alice', 1);
    b.at(11);
    deliver(b, 'bob', 'alice', 3);
    b.at(12);
    deliver(b, 'bob', 'alice', 2);
    const result = judge(senderOrder, b.build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'bob', clientMsgId: 'alice-2', t: 12 }),
    ]);
    expect(result.evidence[0]?.summary).toContain('after its #3 (alice-3, t=11)');
  });

  it('with acks, excuses sends that were in flight together; not one sent after the other was acked', () => {
    const invoke = (b: HistoryBuilder, n: number) =>
      b.push({ type: 'send.invoke', client: 'alice', room: 'r1', clientMsgId: `alice-${n}`, senderSeq: n });
    const b = new HistoryBuilder().at(1);
    invoke(b, 1);
    invoke(b, 2); // both in flight: either order is fine
    b.at(2).ack('alice', 'r1', 2, 'alice-2').ack('alice', 'r1', 1, 'alice-1').at(3);
    deliver(b, 'bob', 'alice', 2);
    deliver(b, 'bob', 'alice', 1);
    b.at(4);
    invoke(b, 3); // sent after 1 and 2 were acked: must come after them
    b.at(5).ack('alice', 'r1', 3, 'alice-3');
    deliver(b, 'carol', 'alice', 3);
    deliver(b, 'carol', 'alice', 1);
    const result = judge(senderOrder, b.build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { concurrentSends: 1 } });
    expect(result.evidence.map((e) => [e.client, e.clientMsgId])).toEqual([['carol', 'alice-1']]);
  });

  it('is unknown when no delivery carries a per-sender number', () => {
    const b = new HistoryBuilder().at(10);
    deliver(b, 'bob', 'alice', undefined);
    expect(judge(senderOrder, b.build(), 0)).toMatchObject({ verdict: 'unknown', value: null });
  });
});
