import { describe, expect, it } from 'vitest';
import { lostAcked } from './lost-acked.js';
import { storedOnce } from './stored-once.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/**
 * c1 sends m1 (seq 1) and m2; m2's first attempt is committed as seq 2 on a pod that dies before
 * acking, the retry is acked as `retrySeq` (2 when the gateway is idempotent).
 */
function retriedSend(retrySeq: number) {
  return new HistoryBuilder()
    .rooms({ r1: ['c1', 'c2'], r2: ['c3'] })
    .online('c1', 'pod-a', ['r1'])
    .online('c2', 'pod-b', ['r1'])
    .at(100)
    .ack('c1', 'r1', 1, 'm1')
    .at(200)
    .push({
      type: 'send.ok',
      client: 'c1',
      room: 'r1',
      clientMsgId: 'm2',
      seq: retrySeq,
      attempts: 2,
      latencyMs: 900,
    })
    .at(1_000);
}

const audit = (room: string, messages: Array<[number, string]>) =>
  ({
    type: 'audit.committed',
    room,
    messages: messages.map(([seq, clientMsgId]) => ({ seq, clientMsgId })),
  }) as const;

describe('stored-once', () => {
  it('passes when each clientMsgId is stored once per room', () => {
    const history = retriedSend(2)
      .push(
        audit('r1', [
          [1, 'm1'],
          [2, 'm2'],
        ]),
      )
      .push(audit('r2', [[1, 'm1']])) // the same id in another room is another message
      .build();
    expect(judge(storedOnce, history, 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { rooms: 2, stored: 3, extraRows: 0 },
    });
  });

  it('fails on a retry stored again under a new seq, naming the id, room, seqs and the ack', () => {
    const history = retriedSend(3)
      .push(
        audit('r1', [
          [1, 'm1'],
          [2, 'm2'],
          [3, 'm2'],
        ]),
      )
      .build();
    const result = judge(storedOnce, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { extraRows: 1 } });
    expect(result.evidence).toEqual([
      expect.objectContaining({ room: 'r1', clientMsgId: 'm2', seq: 2, client: 'c1', t: 1_000 }),
    ]);
    expect(result.evidence[0]?.summary).toContain(
      'as seqs 2, 3 (acked as seq 3 to c1 at t=200 after 2 attempts)',
    );
    // lost-acked reads the same audit and sees nothing wrong with it: the ack's seq is stored.
    expect(judge(lostAcked, history, 0).details).toMatchObject({ missingFromAudit: 0, seqMismatch: 0 });
  });

  it('is unknown without a final audit', () => {
    expect(judge(storedOnce, retriedSend(2).build(), 0)).toMatchObject({ verdict: 'unknown', value: null });
  });
});
