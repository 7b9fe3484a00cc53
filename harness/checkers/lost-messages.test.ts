import { describe, expect, it } from 'vitest';
import { lostMessages } from './lost-messages.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** A room of three on a target without acks, seqs or a store: only harness-side ids. */
function plainRoom() {
  return new HistoryBuilder()
    .rooms({ r1: ['alice', 'bob', 'carol'] })
    .online('alice', 'pod-a', ['r1'])
    .online('bob', 'pod-b', ['r1'])
    .online('carol', 'pod-c', ['r1']);
}

const send = (b: HistoryBuilder, client: string, id: string, senderSeq: number) =>
  b.push({ type: 'send.invoke', client, room: 'r1', clientMsgId: id, senderSeq });
const deliver = (b: HistoryBuilder, to: string, from: string, id: string, senderSeq: number) =>
  b.push({
    type: 'deliver',
    client: to,
    room: 'r1',
    clientMsgId: id,
    sender: from,
    senderSeq,
    committedAt: 0,
  });

describe('lost-messages', () => {
  it('passes when every other member received every message, with no capability at all', () => {
    const b = plainRoom().at(10);
    send(b, 'alice', 'a-1', 1);
    deliver(b, 'bob', 'alice', 'a-1', 1);
    deliver(b, 'carol', 'alice', 'a-1', 1);
    b.at(20).phase('final-sync');
    expect(judge(lostMessages, b.build(), 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { sent: 1, judged: 1, lost: 0 },
    });
  });

  it('fails on a message sent while a member was disconnected and never received, naming both', () => {
    const b = plainRoom().at(10).disconnect('carol', { pod: 'pod-c' }).at(12);
    send(b, 'alice', 'a-1', 1);
    deliver(b, 'bob', 'alice', 'a-1', 1);
    b.at(15).online('carol', 'pod-a').at(30).phase('final-sync');
    const result = judge(lostMessages, b.build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { missedWhileAway: 1 } });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'carol', room: 'r1', clientMsgId: 'a-1', t: 12 }),
    ]);
    expect(result.evidence[0]?.summary).toContain('sent by alice');
    expect(result.evidence[0]?.summary).toContain('while it was disconnected (t=10…t=15)');
  });

  it('leaves out members that joined after the send or were closed before the final sync', () => {
    const b = new HistoryBuilder()
      .rooms({ r1: ['alice', 'bob', 'dave'] })
      .online('alice', 'pod-a', ['r1'])
      .online('bob', 'pod-b', ['r1'])
      .at(10);
    send(b, 'alice', 'a-1', 1);
    b.at(11).online('dave', 'pod-c', ['r1']).at(12).closed('bob').at(20).phase('final-sync');
    expect(judge(lostMessages, b.build(), 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('with acks: a failed send is not a loss, an acked one nobody got is', () => {
    const b = plainRoom().at(10);
    send(b, 'alice', 'a-1', 1);
    b.push({ type: 'send.fail', client: 'alice', room: 'r1', clientMsgId: 'a-1', code: 'db_down' });
    send(b, 'alice', 'a-2', 2);
    b.push({ type: 'send.unknown', client: 'alice', room: 'r1', clientMsgId: 'a-2', code: 'timeout' });
    send(b, 'alice', 'a-3', 3);
    b.ack('alice', 'r1', 3, 'a-3');
    deliver(b, 'bob', 'alice', 'a-3', 3);
    b.at(20).phase('final-sync');
    const result = judge(lostMessages, b.build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { failed: 1, unconfirmed: 1 } });
    expect(result.evidence.map((e) => [e.client, e.clientMsgId])).toEqual([['carol', 'a-3']]);
  });
});
