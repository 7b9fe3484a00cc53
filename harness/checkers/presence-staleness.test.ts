import { describe, expect, it } from 'vitest';
import { presenceStaleness, toleranceMs } from './presence-staleness.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const TTL = 5_000;
const TOLERANCE = toleranceMs(TTL);

/** A presence answer for room r1 listing the given [user, pod] pairs. */
const listing = (members: Array<[string, string]>, options: { enabled?: boolean; latencyMs?: number } = {}) =>
  ({
    type: 'probe.presence',
    room: 'r1',
    pod: 'pod-b',
    enabled: options.enabled ?? true,
    members,
    ttlMs: TTL,
    latencyMs: options.latencyMs ?? 0,
  }) as const;

/** c1 on pod-a, c2 on pod-b; pod-a dies at t=10 000 and c1 moves to pod-b at t=10 500. */
const podACrash = () =>
  new HistoryBuilder()
    .at(1_000)
    .connect('c1', 'pod-a')
    .connect('c2', 'pod-b')
    .at(2_000)
    .push(
      listing([
        ['c1', 'pod-a'],
        ['c2', 'pod-b'],
      ]),
    )
    .at(10_000)
    .disconnect('c1', { pod: 'pod-a' })
    .at(10_500)
    .connect('c1', 'pod-b');

describe('presence-staleness', () => {
  it('passes when a crashed pod’s users drop out of the listing within the TTL', () => {
    const history = podACrash()
      .at(12_000)
      .push(
        listing([
          ['c1', 'pod-a'], // the old entry, still within its TTL
          ['c1', 'pod-b'],
          ['c2', 'pod-b'],
        ]),
      )
      .at(20_000)
      .push(
        listing([
          ['c1', 'pod-b'],
          ['c2', 'pod-b'],
        ]),
      )
      .build();
    expect(judge(presenceStaleness, history, 0)).toMatchObject({
      verdict: 'pass',
      value: 0,
      details: { probes: 3, listings: 7, staleListings: 0 },
    });
  });

  it('fails when a user is still listed on a pod it left long ago, naming user, pod, room and the leave', () => {
    const history = podACrash()
      .at(40_000)
      .push(
        listing([
          ['c1', 'pod-a'],
          ['c1', 'pod-b'],
        ]),
      )
      .at(45_000)
      .push(listing([['c1', 'pod-a']]))
      .build();
    const result = judge(presenceStaleness, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1, details: { staleListings: 2 } });
    expect(result.evidence).toEqual([
      expect.objectContaining({ client: 'c1', pod: 'pod-a', room: 'r1', t: 40_000 }),
    ]);
    expect(result.evidence[0]?.summary).toContain('leaving it at t=10000');
  });

  it('counts a listing on a pod the user never reached', () => {
    const history = podACrash()
      .at(12_000)
      .push(listing([['c2', 'pod-c']]))
      .build();
    const result = judge(presenceStaleness, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence[0]?.summary).toContain('never served by pod-c');
  });

  it('allows exactly TTL + tolerance after the leave, measured from when the pod was asked', () => {
    const edge = 10_000 + TTL + TOLERANCE;
    const atEdge = podACrash()
      .at(edge)
      .push(listing([['c1', 'pod-a']]))
      .build();
    expect(judge(presenceStaleness, atEdge, 0)).toMatchObject({ verdict: 'pass', value: 0 });

    // The answer arrived 300 ms after the edge, but the pod was asked 400 ms before it arrived.
    const slowAnswer = podACrash()
      .at(edge + 300)
      .push(listing([['c1', 'pod-a']], { latencyMs: 400 }))
      .build();
    expect(judge(presenceStaleness, slowAnswer, 0)).toMatchObject({ verdict: 'pass', value: 0 });

    const pastEdge = podACrash()
      .at(edge + 1)
      .push(listing([['c1', 'pod-a']]))
      .build();
    expect(judge(presenceStaleness, pastEdge, 0)).toMatchObject({ verdict: 'fail', value: 1 });
  });

  it('does not hold a user’s return to the same pod against it', () => {
    const history = podACrash()
      .at(30_000)
      .disconnect('c1', { pod: 'pod-b' })
      .connect('c1', 'pod-a')
      .at(31_000)
      .push(listing([['c1', 'pod-a']]))
      .build();
    expect(judge(presenceStaleness, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('is unknown without a presence answer while presence was enabled', () => {
    const history = new HistoryBuilder()
      .connect('c1', 'pod-a')
      .at(40_000)
      .push(listing([['c1', 'pod-c']], { enabled: false }))
      .build();
    expect(judge(presenceStaleness, history, 0)).toMatchObject({ verdict: 'unknown', value: null });
  });
});
