import type { AuthProbeKind } from '../history/events.js';
import { runProbes } from './auth-probes.js';
import { BAD_TOKEN_KINDS } from '../history/events.js';
import type { FaultType } from './fault.js';
import { numberParam } from './fault-params.js';

/**
 * Realtime runbook "Security Incident › Suspicious Activity Detected": handshakes with a wrong
 * signature, an expired token, a malformed one, none, an unsigned (`alg: none`) one, and a reconnect
 * that claims to resume an existing user's session (`resume: true, userId: <victim>`) with a forged
 * token; after a rotation also a token signed with the retired secret. Each goes through the load
 * balancer and straight to every running pod, next to a valid control token that must be accepted.
 * Every attempt is recorded as auth.attempt; accepted ones are closed at once. Disturbs nobody.
 *
 * params: `rounds` (default 2), `victim` (default vu-00000: the first virtual user).
 */
export const authProbe: FaultType = {
  name: 'auth-probe',
  description: 'handshakes with invalid, expired, forged and missing tokens (and a valid control)',
  requires: [],
  // Raw handshakes with forged, expired and missing JWTs.
  needs: ['jwt-auth', 'drill-protocol'],
  create(_target, params, ctx) {
    const rounds = numberParam('auth-probe', params, 'rounds', 2, { min: 1, integer: true });
    const victim = typeof params.victim === 'string' ? params.victim : 'vu-00000';
    const kinds: AuthProbeKind[] = ['valid', ...BAD_TOKEN_KINDS];
    if ((ctx.tokens?.previous.length ?? 0) > 0) kinds.push('old-secret');
    return {
      targets: [{ kind: 'load-balancer', name: 'load-balancer' }],
      affectedPods: [],
      unreadyPods: [],
      params: { rounds, victim, kinds },
      async inject() {
        await runProbes(ctx, { kinds, rounds, victim });
      },
      async heal() {},
    };
  },
};
