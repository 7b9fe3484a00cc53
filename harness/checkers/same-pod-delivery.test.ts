import { describe, expect, it } from 'vitest';
import { samePodDelivery } from './same-pod-delivery.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

/** Room r: s and m1 on pod-a, m2 on pod-b. Redis fault from 1 000 to 5 000. */
function room() {
  return new HistoryBuilder()
    .online('s', 'pod-a', ['r'])
    .online('m1', 'pod-a', ['r'])
    .online('m2', 'pod-b', ['r'])
    .at(1000)
    .faultStart('redis-stop-1', []);
}

describe('same-pod-delivery', () => {
  it('passes when same-pod members get messages live during the fault, whatever happens cross-pod', () => {
    const history = room()
      .at(2000)
      .ack('s', 'r', 1)
      .at(2050)
      .deliver('m1', 'r', 1) // m2 (pod-b) gets it only later from the gap fill: not judged here
      .at(5000)
      .faultEnd('redis-stop-1')
      .at(9000)
      .end()
      .build();
    const result = judge(samePodDelivery, history, 0);
    expect(result).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { acksInside: 1, judged: 1, worstMs: 50 },
    });
  });

  it('fails when a same-pod member gets it late or never, naming message, member and pod', () => {
    const history = room()
      .at(2000)
      .ack('s', 'r', 1)
      .at(2500)
      .ack('s', 'r', 2)
      .at(3600)
      .deliver('m1', 'r', 2) // 1 100 ms after its ack
      .at(5000)
      .faultEnd('redis-stop-1')
      .at(9000)
      .end()
      .build();
    const result = judge(samePodDelivery, history, 0);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBe(2);
    expect(result.evidence[0]).toMatchObject({ client: 'm1', room: 'r', seq: 1, pod: 'pod-a', t: 2000 });
    expect(result.evidence[0]?.summary).toMatch(/never reached m1 on the same pod/);
    expect(result.evidence[1]?.summary).toMatch(/1100 ms later/);
  });

  it('does not judge members that left the pod within the bound, nor sends outside fault windows', () => {
    const history = room()
      .at(2000)
      .ack('s', 'r', 1)
      .at(2300)
      .disconnect('m1', { pod: 'pod-a' })
      .at(5000)
      .faultEnd('redis-stop-1')
      .at(6000)
      .ack('s', 'r', 2)
      .at(9000)
      .end()
      .build();
    const result = judge(samePodDelivery, history, 0);
    expect(result).toMatchObject({ verdict: 'unknown', details: { acksInside: 1, judged: 0 } });
  });

  it('fails a window in which clients kept sending but nothing could be delivered on the same pod', () => {
    const history = room()
      .at(1500)
      .disconnect('s', { pod: 'pod-a' })
      .disconnect('m1', { pod: 'pod-a' })
      .disconnect('m2', { pod: 'pod-b' })
      .at(2000)
      .push({ type: 'send.invoke', client: 's', room: 'r', clientMsgId: 'x' })
      .at(5000)
      .faultEnd('redis-stop-1')
      .at(9000)
      .end()
      .build();
    const result = judge(samePodDelivery, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { silentWindows: 1 } });
    expect(result.evidence[0]?.summary).toMatch(
      /no same-pod delivery could happen during redis-stop-1 \(t=1000..5000\): 1 sends invoked, 0 acked/,
    );
  });
});
