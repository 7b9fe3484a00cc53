import { deployFinalVersion } from './deploy-final-version.js';
import { deployStepChurn } from './deploy-step-churn.js';
import { deployUnplannedDisconnects } from './deploy-unplanned-disconnects.js';
import { handshakeFailures } from './handshake-failures.js';
import { reconnectSpread } from './reconnect-spread.js';
import { rollbackClean } from './rollback-clean.js';
import { shutdownTimeline } from './shutdown-timeline.js';
import type { CheckerSpec } from './types.js';

/** Criteria added for the graceful-shutdown, deploy, rollback and scaling scenarios. */
export const DEPLOY_CHECKERS: readonly CheckerSpec[] = [
  shutdownTimeline,
  reconnectSpread,
  deployStepChurn,
  handshakeFailures,
  deployUnplannedDisconnects,
  deployFinalVersion,
  rollbackClean,
];
