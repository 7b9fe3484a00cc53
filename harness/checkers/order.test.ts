import { describe, expect, it } from 'vitest';
import { order } from './order.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

describe('order', () => {
  it('passes when seqs only go up per client and room (gaps allowed)', () => {
    const history = new HistoryBuilder()
      .deliver('c1', 'r1', 1)
      .deliver('c1', 'r1', 3)
      .deliver('c1', 'r2', 1)
      .deliver('c2', 'r1', 2)
      .build();
    expect(judge(order, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails when a seq is not above the previous one, naming client, seq and time', () => {
    const history = new HistoryBuilder()
      .at(5)
      .deliver('c1', 'r1', 1)
      .at(10)
      .deliver('c1', 'r1', 3)
      .at(20)
      .deliver('c1', 'r1', 2)
      .at(30)
      .deliver('c1', 'r1', 4)
      .build();
    const result = judge(order, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c1', room: 'r1', seq: 2, t: 20 })]);
    expect(result.evidence[0]?.summary).toContain('after seq 3');
  });

  it('counts a repeated seq as a violation too', () => {
    const history = new HistoryBuilder().deliver('c1', 'r1', 1).deliver('c1', 'r1', 1).build();
    expect(judge(order, history, 0)).toMatchObject({ verdict: 'fail', value: 1 });
  });

  it('keeps the first 20 pieces of evidence and reports the total', () => {
    const b = new HistoryBuilder().deliver('c1', 'r1', 100);
    for (let i = 1; i <= 30; i++) b.at(i).deliver('c1', 'r1', 100 - i);
    const result = judge(order, b.build(), 0);
    expect(result).toMatchObject({ value: 30, details: { evidenceTotal: 30 } });
    expect(result.evidence).toHaveLength(20);
    expect(result.evidence[0]).toMatchObject({ seq: 99, t: 1 });
  });
});
