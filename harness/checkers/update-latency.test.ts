import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history/events.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { updateLatency } from './update-latency.js';

/** A send by `sender` at the current time, acked as seq. */
function send(b: HistoryBuilder, sender: string, room: string, seq: number): HistoryBuilder {
  return b
    .push({ type: 'send.invoke', client: sender, room, clientMsgId: `${room}#${seq}` })
    .ack(sender, room, seq);
}

/** The builder's deliveries say sender 'sender': name the real one. */
function from(history: HistoryEvent[], sender: string): HistoryEvent[] {
  return history.map((e) => (e.type === 'deliver' ? { ...e, sender } : e));
}

describe('update-latency', () => {
  it('is the p99 of send → delivery at the other members, per fault window, leaving out the sender', () => {
    const b = new HistoryBuilder();
    send(b.at(1000), 'a', 'r', 1)
      .at(1010)
      .deliver('a', 'r', 1) // the sender's own copy: left out
      .deliver('b', 'r', 1)
      .at(2000)
      .faultStart('link-latency-1', []);
    send(b.at(3000), 'a', 'r', 2).at(3900).deliver('b', 'r', 2).at(4000).faultEnd('link-latency-1');
    const history = from(b.build(), 'a').map((e) =>
      e.type === 'fault.start' ? { ...e, params: { latencyMs: 200 } } : e,
    );
    const result = judge(updateLatency, history, 1000);
    expect(result).toMatchObject({ verdict: 'pass', value: 900 });
    expect(result.details).toMatchObject({
      'outside.count': 1,
      'outside.p99': 10,
      'link-latency-1.count': 1,
      'link-latency-1.p99': 900,
      'link-latency-1.injectedMs': 200,
    });
  });

  it('fails on a slow update, naming message, receiver and window', () => {
    const b = new HistoryBuilder().at(500).faultStart('link-latency-1', []);
    send(b.at(1000), 'a', 'r', 7).at(2500).deliver('b', 'r', 7).at(3000).faultEnd('link-latency-1');
    const result = judge(updateLatency, from(b.build(), 'a'), 1000);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(1500);
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'b', room: 'r', seq: 7, t: 2500 })]);
    expect(result.evidence[0]!.summary).toMatch(/1500 ms after it was sent, during link-latency-1/);
  });

  it('is unknown when no sent message reached another member', () => {
    const b = new HistoryBuilder();
    send(b.at(1000), 'a', 'r', 1).deliver('a', 'r', 1);
    expect(judge(updateLatency, from(b.build(), 'a'), 1000)).toMatchObject({ verdict: 'unknown' });
  });

  it('is inconclusive when the harness was late enough that the p99 could be on either side of 1 s', () => {
    // The quick suite's false alarm: 1,357 ms measured while the harness's loop was 409 ms late.
    const late = (b: HistoryBuilder, lateMs: number) => b.harnessLoad(lateMs);
    const run = (lateMs: number, sentToDelivered: number) => {
      const b = new HistoryBuilder().at(500).faultStart('link-latency-1', []);
      send(b.at(1000), 'a', 'r', 7)
        .at(1000 + sentToDelivered)
        .deliver('b', 'r', 7);
      late(b.at(3000), lateMs).faultEnd('link-latency-1');
      return judge(updateLatency, from(b.build(), 'a'), 1000);
    };
    const straddling = run(409, 1357);
    expect(straddling).toMatchObject({ verdict: 'inconclusive', value: 1357, uncertainty: { margin: 409 } });
    expect(straddling.uncertainty?.reason).toMatch(/late by up to 409 ms/);
    expect(run(300, 1357)).toMatchObject({ verdict: 'fail', uncertainty: { margin: 300 } });
    expect(run(300, 600)).toMatchObject({ verdict: 'pass' });
  });
});
