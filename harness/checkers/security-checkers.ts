import { abusersDisconnected } from './abusers-disconnected.js';
import { badTokensRefused } from './bad-tokens-refused.js';
import { clientsReauthenticated } from './clients-reauthenticated.js';
import { maxConnectionsEnforced } from './max-connections-enforced.js';
import { oldTokensRefused } from './old-tokens-refused.js';
import { rateLimitEnforced } from './rate-limit-enforced.js';
import type { CheckerSpec } from './types.js';

/** Criteria added for the security scenario. */
export const SECURITY_CHECKERS: readonly CheckerSpec[] = [
  badTokensRefused,
  oldTokensRefused,
  clientsReauthenticated,
  rateLimitEnforced,
  abusersDisconnected,
  maxConnectionsEnforced,
];
