import { describe, expect, it } from 'vitest';
import { lostAcked } from './lost-acked.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** c1 and c2 in r1; c1 sends seq 1 at t=100 and seq 2 at t=200. */
function room() {
  return new HistoryBuilder()
    .phase('warmup')
    .rooms({ r1: ['c1', 'c2'] })
    .at(10)
    .online('c1', 'pod-a', ['r1'])
    .online('c2', 'pod-b', ['r1'])
    .at(100)
    .ack('c1', 'r1', 1)
    .deliverTo(['c1', 'c2'], 'r1', 1)
    .at(200)
    .ack('c1', 'r1', 2);
}

describe('lost-acked', () => {
  it('passes when every acked message is stored and reached every member', () => {
    const history = room()
      .deliverTo(['c1', 'c2'], 'r1', 2)
      .at(300)
      .phase('final-sync')
      .audit('r1', [1, 2])
      .build();
    const result = judge(lostAcked, history, 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0, evidence: [] });
    expect(result.details).toMatchObject({ acked: 2, lost: 0 });
  });

  it('fails on an acked message missing from PostgreSQL, naming the sender, message and ack time', () => {
    const history = room()
      .deliverTo(['c1', 'c2'], 'r1', 2)
      .at(300)
      .phase('final-sync')
      .audit('r1', [1])
      .build();
    const result = judge(lostAcked, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c1', room: 'r1', clientMsgId: 'r1#2', seq: 2, t: 200 }),
    ]);
    expect(result.details).toMatchObject({ missingFromAudit: 1, evidenceTotal: 1 });
  });

  it('fails on an acked message a member never got, naming that member', () => {
    const history = room().deliver('c1', 'r1', 2).at(300).phase('final-sync').audit('r1', [1, 2]).build();
    const result = judge(lostAcked, history, 0);
    expect(result.verdict).toBe('fail');
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c2', clientMsgId: 'r1#2', seq: 2, t: 200 }),
    ]);
    expect(result.evidence[0]?.summary).toContain('never delivered to c2');
  });

  it('fails when the ack named another seq than PostgreSQL holds', () => {
    const history = room()
      .deliverTo(['c1', 'c2'], 'r1', 2)
      .push({
        type: 'audit.committed',
        room: 'r1',
        messages: [
          { seq: 1, clientMsgId: 'r1#1' },
          { seq: 3, clientMsgId: 'r1#2' },
        ],
      })
      .build();
    const result = judge(lostAcked, history, 0);
    expect(result.verdict).toBe('fail');
    expect(result.details).toMatchObject({ seqMismatch: 1 });
  });

  it('does not expect messages at or below a member’s fromSeq, nor at members closed before the final sync', () => {
    const history = new HistoryBuilder()
      .rooms({ r1: ['c1', 'c2', 'c3'] })
      .online('c1', 'pod-a', ['r1'])
      .at(50)
      .ack('c1', 'r1', 1)
      .deliver('c1', 'r1', 1)
      .connect('c2', 'pod-b')
      .join('c2', 'r1', 1) // joins after seq 1
      .online('c3', 'pod-c', ['r1'])
      .at(60)
      .closed('c3') // never received anything, but was closed by the harness
      .at(70)
      .ack('c1', 'r1', 2)
      .deliverTo(['c1', 'c2'], 'r1', 2)
      .phase('final-sync')
      .audit('r1', [1, 2])
      .build();
    expect(judge(lostAcked, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('is unknown when a room with acks was never audited', () => {
    const history = room().deliverTo(['c1', 'c2'], 'r1', 2).build();
    const result = judge(lostAcked, history, 0);
    expect(result).toMatchObject({ verdict: 'unknown', value: null });
    expect(result.error).toMatch(/no audit.committed .* r1/);
  });

  it('still fails on a proven loss when another room lacks its audit', () => {
    const history = room()
      .rooms({ r2: ['c1'] })
      .join('c1', 'r2')
      .ack('c1', 'r2', 1)
      .deliver('c1', 'r2', 1)
      .audit('r1', [1])
      .build();
    const result = judge(lostAcked, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 }); // r1#2: missing from the audit and from both members
    expect(result.details).toMatchObject({ roomsWithoutAudit: 1, missingFromAudit: 1, missedDeliveries: 2 });
  });
});
