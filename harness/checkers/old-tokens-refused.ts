import { authAttempts, judgeAttempts } from './auth-attempts.js';
import { defineChecker } from './define-checker.js';

/**
 * After a secret rotation retired the old secret (secret.rotation `old-retired`), handshakes with
 * tokens signed by it (auth.attempt kind 'old-secret') must be refused everywhere, while valid
 * new-secret controls made then are accepted. Value: old-secret handshakes accepted. Unknown without a
 * completed rotation, without old-secret attempts after it, or when a control was not accepted.
 */
export const oldTokensRefused = defineChecker(
  {
    id: 'old-tokens-refused',
    title: 'Tokens of the rotated-out secret refused',
    unit: 'accepted',
    comparison: '<=',
    needs: ['jwt-auth', 'drill-protocol'],
    defaultThreshold: 0,
    source: 'Security Incident step 3 "Rotate secrets": tokens signed with the old secret stop working',
  },
  (history) => {
    const retired = history.find((e) => e.type === 'secret.rotation' && e.step === 'old-retired');
    if (retired === undefined) return { value: null, error: 'no secret rotation retired the old secret' };
    return judgeAttempts(
      authAttempts(history, retired.t),
      (kind) => kind === 'old-secret',
      'old-secret handshake after the rotation',
    );
  },
);
