import { describe, expect, it } from 'vitest';
import { BAD_TOKEN_KINDS, type AuthProbeKind, type EventOfType } from '../history/events.js';
import { badTokensRefused } from './bad-tokens-refused.js';
import { clientsReauthenticated } from './clients-reauthenticated.js';
import { oldTokensRefused } from './old-tokens-refused.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

type Outcome = EventOfType<'auth.attempt'>['outcome'];

const attempt = (kind: AuthProbeKind, outcome: Outcome, via = 'load-balancer') => ({
  type: 'auth.attempt' as const,
  probe: `probe-${kind}-${via}`,
  kind,
  via,
  outcome,
  code: outcome === 'refused' ? 'unauthorized' : null,
  pod: outcome === 'accepted' ? (via === 'load-balancer' ? 'pod-b' : via) : null,
  ...(kind === 'forged-resume' ? { claims: 'vu-00000' } : {}),
});

const BAD: readonly AuthProbeKind[] = BAD_TOKEN_KINDS;

/** Every bad kind refused through the load balancer and at pod-a, with a valid control on each. */
function probes(overrides: Partial<Record<AuthProbeKind, Outcome>> = {}, control: Outcome = 'accepted') {
  const b = new HistoryBuilder().at(1_000);
  for (const via of ['load-balancer', 'pod-a']) {
    b.push(attempt('valid', control, via));
    for (const kind of BAD) b.push(attempt(kind, overrides[kind] ?? 'refused', via));
  }
  return b;
}

describe('bad-tokens-refused', () => {
  it('passes when every bad handshake is refused and the controls are accepted', () => {
    const result = judge(badTokensRefused, probes().build(), 0);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details).toMatchObject({ attempts: 12, refused: 12, controlsAccepted: 2 });
  });

  it('fails on a forged resume that was accepted (auth-skip-on-resume), naming the claimed user', () => {
    const result = judge(badTokensRefused, probes({ 'forged-resume': 'accepted' }).build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 2 });
    expect(result.details).toMatchObject({ 'accepted:forged-resume': 2 });
    expect(result.evidence[0]?.summary).toContain("claiming to resume vu-00000's session");
    expect(result.evidence[0]?.summary).toContain('accepted by pod-b');
  });

  it('fails on an expired token that was accepted', () => {
    const result = judge(badTokensRefused, probes({ expired: 'accepted' }).build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 2 });
  });

  it('is unknown when the valid controls were refused too (a gateway refusing everyone proves nothing)', () => {
    const result = judge(badTokensRefused, probes({}, 'refused').build(), 0);
    expect(result.verdict).toBe('unknown');
    expect(result.error).toContain('valid control');
  });

  it('is unknown when a bad handshake got no answer, or there were no probes', () => {
    expect(judge(badTokensRefused, probes({ malformed: 'timeout' }).build(), 0).verdict).toBe('unknown');
    expect(judge(badTokensRefused, new HistoryBuilder().build(), 0).verdict).toBe('unknown');
  });
});

describe('old-tokens-refused', () => {
  const rotation = (oldOutcome: Outcome, control: Outcome = 'accepted') =>
    new HistoryBuilder()
      .at(1_000)
      // before the retirement an old token may still pass: not judged
      .push(attempt('old-secret', 'accepted'))
      .at(2_000)
      .push({ type: 'secret.rotation', step: 'old-retired', pods: ['pod-g'] })
      .at(2_100)
      .push(attempt('valid', control))
      .push(attempt('old-secret', oldOutcome))
      .push(attempt('old-secret', oldOutcome, 'pod-g'))
      .build();

  it('passes when old-secret tokens are refused after the rotation', () => {
    expect(judge(oldTokensRefused, rotation('refused'), 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails when the old secret still works (left in JWT_SECRETS)', () => {
    const result = judge(oldTokensRefused, rotation('accepted'), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 2 });
    expect(result.evidence.map((e) => e.summary).join('\n')).toContain('old-secret handshake via pod-g');
  });

  it('is unknown without a completed rotation or when the new-secret control fails', () => {
    const noRotation = new HistoryBuilder().push(attempt('old-secret', 'refused')).build();
    expect(judge(oldTokensRefused, noRotation, 0).verdict).toBe('unknown');
    expect(judge(oldTokensRefused, rotation('refused', 'refused'), 0).verdict).toBe('unknown');
  });
});

describe('clients-reauthenticated', () => {
  const run = (c2ReconnectsAfterSwitch: boolean) => {
    const b = new HistoryBuilder()
      .rooms({ 'room-0': ['c1', 'c2'] })
      .online('c1', 'pod-a')
      .online('c2', 'pod-a')
      .at(5_000)
      .push({ type: 'secret.rotation', step: 'issuer-switched', pods: ['pod-d'] })
      .at(6_000)
      .disconnect('c1', { pod: 'pod-a', planned: true })
      .connect('c1', 'pod-g');
    if (c2ReconnectsAfterSwitch) b.disconnect('c2', { pod: 'pod-a', planned: true }).connect('c2', 'pod-g');
    return b.at(9_000).phase('final-sync').build();
  };

  it('passes when every client reconnected after the issuer switched', () => {
    expect(judge(clientsReauthenticated, run(true), 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails for a client still on a connection made with an old-secret token', () => {
    const result = judge(clientsReauthenticated, run(false), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence[0]).toMatchObject({ client: 'c2', t: 0 });
  });

  it('is unknown without a rotation', () => {
    const history = new HistoryBuilder().online('c1', 'pod-a').build();
    expect(judge(clientsReauthenticated, history, 0).verdict).toBe('unknown');
  });
});
