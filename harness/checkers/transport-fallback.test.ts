import { describe, expect, it } from 'vitest';
import { HistoryBuilder, judge } from './test-support/history-builder.js';
import { transportFallback } from './transport-fallback.js';

/** A client whose websocket is refused and that connects over long-polling. */
function fallsBack(b: HistoryBuilder, client: string, pod: string): HistoryBuilder {
  return b
    .push({ type: 'client.state', client, from: 'idle', to: 'connecting' })
    .push({ type: 'client.connect', client, pod: null, transport: 'polling', attempt: 1, reconnect: false })
    .push({ type: 'client.state', client, from: 'connecting', to: 'polling' })
    .push({ type: 'client.attach', client, pod, zone: 'a' });
}

describe('transport-fallback', () => {
  it('passes when every client ends on long-polling and reports it', () => {
    const b = new HistoryBuilder().rooms({ r: ['c1', 'c2'] });
    fallsBack(b, 'c1', 'pod-a');
    fallsBack(b, 'c2', 'pod-b');
    const history = b
      .at(5000)
      .phase('judge')
      .at(5001)
      .closed('c1') // teardown: after the observed run
      .push({ type: 'client.state', client: 'c1', from: 'polling', to: 'closed' })
      .build();
    const result = judge(transportFallback, history, 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({
      clients: 2,
      endedPolling: 2,
      pollingConnects: 2,
      websocketConnects: 0,
    });
  });

  it('fails for a client that ended live on a websocket, or never connected, naming it', () => {
    const b = new HistoryBuilder().rooms({ r: ['c1', 'c2', 'c3', 'c4'] });
    fallsBack(b, 'c1', 'pod-a');
    b.push({ type: 'client.state', client: 'c2', from: 'idle', to: 'connecting' })
      .connect('c2', 'pod-a')
      .push({ type: 'client.state', client: 'c2', from: 'connecting', to: 'live' })
      .push({ type: 'client.state', client: 'c3', from: 'idle', to: 'connecting' });
    // c4 connected over polling but lost it and is still reconnecting.
    fallsBack(b, 'c4', 'pod-c')
      .at(3000)
      .disconnect('c4', { reason: 'transport error' })
      .push({ type: 'client.state', client: 'c4', from: 'polling', to: 'reconnecting' });
    const result = judge(transportFallback, b.at(5000).phase('judge').build(), 0);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(75);
    expect(result.details).toMatchObject({ clients: 4, endedPolling: 1, endedLive: 1, endedOther: 2 });
    expect(result.evidence.map((e) => e.client)).toEqual(['c2', 'c3', 'c4']);
    expect(result.evidence[0]!.summary).toMatch(/state 'live' on websocket/);
    expect(result.evidence[1]!.summary).toMatch(/never connected/);
  });

  it('is unknown without clients', () => {
    expect(judge(transportFallback, new HistoryBuilder().build(), 0)).toMatchObject({ verdict: 'unknown' });
  });
});
