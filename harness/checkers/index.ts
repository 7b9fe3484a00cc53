import type { HistoryEvent } from '../history/events.js';
import type { Capability } from '../targets/capabilities.js';
import { abusersDisconnected } from './abusers-disconnected.js';
import { badTokensRefused } from './bad-tokens-refused.js';
import { browserBadge } from './browser-badge.js';
import { browserRendered } from './browser-rendered.js';
import { clientsConnected } from './clients-connected.js';
import { clientsReauthenticated } from './clients-reauthenticated.js';
import { collateralChurn } from './collateral-churn.js';
import { deliveryLatency } from './delivery-latency.js';
import { deployFinalVersion } from './deploy-final-version.js';
import { deployStepChurn } from './deploy-step-churn.js';
import { deployUnplannedDisconnects } from './deploy-unplanned-disconnects.js';
import { disconnectsDuringFault } from './disconnects-during-fault.js';
import { duplicates } from './duplicates.js';
import { faultDeliveryLatency } from './fault-delivery-latency.js';
import { faultHeartbeatTimeouts } from './fault-heartbeat-timeouts.js';
import { faultWindowChurn } from './fault-window-churn.js';
import { handshakeFailures } from './handshake-failures.js';
import { healthCheckSuccess } from './health-check-success.js';
import { healthTruthfulness } from './health-truthfulness.js';
import { heartbeatTimeouts } from './heartbeat-timeouts.js';
import { lostAcked } from './lost-acked.js';
import { lostMessages } from './lost-messages.js';
import { maxConnectionsEnforced } from './max-connections-enforced.js';
import { memoryCeiling } from './memory-ceiling.js';
import { memoryGrowthTrend } from './memory-growth-trend.js';
import { memoryReturnsToBaseline } from './memory-returns-to-baseline.js';
import { memorySessionsReleased } from './memory-sessions-released.js';
import { oldTokensRefused } from './old-tokens-refused.js';
import { oomRestart } from './oom-restart.js';
import { order } from './order.js';
import { outageCalibration } from './outage-calibration.js';
import { presenceDegradedAndRecovered } from './presence-degraded-and-recovered.js';
import { presenceStaleness } from './presence-staleness.js';
import { rateLimitEnforced } from './rate-limit-enforced.js';
import { reconnectSpread } from './reconnect-spread.js';
import { reconnectStorm } from './reconnect-storm.js';
import { reconnectTime } from './reconnect-time.js';
import { rollbackClean } from './rollback-clean.js';
import { ALL_CAPABILITIES, runCheckers as runWith, type CriterionRequest } from './run-checkers.js';
import { samePodDelivery } from './same-pod-delivery.js';
import { senderOrder } from './sender-order.js';
import { shutdownTimeline } from './shutdown-timeline.js';
import { steadyStateChurn } from './steady-state-churn.js';
import { storedOnce } from './stored-once.js';
import { transportCloses } from './transport-closes.js';
import { transportFallback } from './transport-fallback.js';
import type { CheckerSpec, CriterionResult } from './types.js';
import { undelivered } from './undelivered.js';
import { unrecoveredClients } from './unrecovered-clients.js';
import { updateLatency } from './update-latency.js';

export type { CriterionRequest } from './run-checkers.js';
export { ALL_CAPABILITIES, notApplicableReason } from './run-checkers.js';

/** Every criterion the harness can judge: one list, one file per checker. */
const ALL: readonly CheckerSpec[] = [
  // Messages: loss, duplicates, order (the capability-free ones first).
  lostMessages,
  duplicates,
  senderOrder,
  lostAcked,
  undelivered,
  order,
  storedOnce,
  samePodDelivery,
  // Connections: reconnects, churn, recovery.
  clientsConnected,
  reconnectTime,
  reconnectStorm,
  reconnectSpread,
  collateralChurn,
  steadyStateChurn,
  faultWindowChurn,
  disconnectsDuringFault,
  unrecoveredClients,
  heartbeatTimeouts,
  faultHeartbeatTimeouts,
  transportCloses,
  transportFallback,
  // Latency.
  deliveryLatency,
  faultDeliveryLatency,
  updateLatency,
  // Health, presence, shutdown and deploys.
  healthCheckSuccess,
  healthTruthfulness,
  presenceStaleness,
  presenceDegradedAndRecovered,
  shutdownTimeline,
  deployStepChurn,
  handshakeFailures,
  deployUnplannedDisconnects,
  deployFinalVersion,
  rollbackClean,
  // Security.
  badTokensRefused,
  oldTokensRefused,
  clientsReauthenticated,
  rateLimitEnforced,
  abusersDisconnected,
  maxConnectionsEnforced,
  // Memory.
  memorySessionsReleased,
  memoryReturnsToBaseline,
  memoryGrowthTrend,
  memoryCeiling,
  oomRestart,
  // Browsers and the harness's own calibration.
  browserRendered,
  browserBadge,
  outageCalibration,
];

/** Every criterion the harness can judge, by id. */
export const CHECKERS: Readonly<Record<string, CheckerSpec>> = Object.fromEntries(
  ALL.map((spec) => [spec.id, spec]),
);

/**
 * Judges the requested criteria on a history; see run-checkers.ts. `capabilities`: what the target
 * offers (default: everything); a criterion needing more is not-applicable.
 */
export function runCheckers(
  history: readonly HistoryEvent[],
  requests: readonly CriterionRequest[],
  timeScale: number,
  capabilities: ReadonlySet<Capability> = ALL_CAPABILITIES,
): CriterionResult[] {
  return runWith(history, requests, timeScale, CHECKERS, capabilities);
}
