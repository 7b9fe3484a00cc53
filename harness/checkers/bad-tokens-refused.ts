import { BAD_TOKEN_KINDS } from '../history/events.js';
import { authAttempts, judgeAttempts } from './auth-attempts.js';
import { defineChecker } from './define-checker.js';

/**
 * Handshakes with a wrong signature, an expired, malformed, missing or unsigned (`alg: none`) token,
 * or a forged resume of another user's session (auth.attempt, any kind but 'valid' and 'old-secret'),
 * through the load balancer and at each pod: each must be refused. Value: those accepted. Unknown
 * unless the valid controls next to them were accepted.
 */
export const badTokensRefused = defineChecker(
  {
    id: 'bad-tokens-refused',
    title: 'Invalid and expired tokens refused',
    unit: 'accepted',
    comparison: '<=',
    needs: ['jwt-auth', 'drill-protocol'],
    defaultThreshold: 0,
    source:
      'Security Incident step 1: STRICT_MODE=true REQUIRE_AUTH=true; infrastructure runbook Connection Lifecycle: "JWT Verification (if auth enabled)" — on every handshake, resumes included',
  },
  (history) =>
    judgeAttempts(
      authAttempts(history),
      (kind) => (BAD_TOKEN_KINDS as readonly string[]).includes(kind),
      'bad-token handshake',
    ),
);
