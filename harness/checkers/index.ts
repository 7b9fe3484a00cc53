import type { HistoryEvent } from '../history/events.js';
import { clientsConnected } from './clients-connected.js';
import { collateralChurn } from './collateral-churn.js';
import { deliveryLatency } from './delivery-latency.js';
import { browserBadge } from './browser-badge.js';
import { browserRendered } from './browser-rendered.js';
import { duplicates } from './duplicates.js';
import { DEPLOY_CHECKERS } from './deploy-checkers.js';
import { FAILOVER_CHECKERS } from './failover-checkers.js';
import { NETWORK_CHECKERS } from './network-checkers.js';
import { MEMORY_CHECKERS } from './memory-checkers.js';
import { SECURITY_CHECKERS } from './security-checkers.js';
import { healthCheckSuccess } from './health-check-success.js';
import { heartbeatTimeouts } from './heartbeat-timeouts.js';
import { lostAcked } from './lost-acked.js';
import { order } from './order.js';
import { outageCalibration } from './outage-calibration.js';
import { presenceStaleness } from './presence-staleness.js';
import { reconnectTime } from './reconnect-time.js';
import { runCheckers as runWith, type CriterionRequest } from './run-checkers.js';
import { steadyStateChurn } from './steady-state-churn.js';
import { storedOnce } from './stored-once.js';
import { transportCloses } from './transport-closes.js';
import type { CheckerSpec, CriterionResult } from './types.js';
import { undelivered } from './undelivered.js';
import { unrecoveredClients } from './unrecovered-clients.js';

export type { CriterionRequest } from './run-checkers.js';

const ALL: readonly CheckerSpec[] = [
  lostAcked,
  undelivered,
  duplicates,
  order,
  reconnectTime,
  collateralChurn,
  steadyStateChurn,
  unrecoveredClients,
  healthCheckSuccess,
  deliveryLatency,
  heartbeatTimeouts,
  transportCloses,
  browserRendered,
  browserBadge,
  outageCalibration,
  presenceStaleness,
  storedOnce,
  clientsConnected,
  ...FAILOVER_CHECKERS,
  ...NETWORK_CHECKERS,
  ...DEPLOY_CHECKERS,
  ...SECURITY_CHECKERS,
  ...MEMORY_CHECKERS,
];

/** Every criterion the harness can judge, by id. */
export const CHECKERS: Readonly<Record<string, CheckerSpec>> = Object.fromEntries(
  ALL.map((spec) => [spec.id, spec]),
);

/** Judges the requested criteria on a history; see run-checkers.ts. */
export function runCheckers(
  history: readonly HistoryEvent[],
  requests: readonly CriterionRequest[],
  timeScale: number,
): CriterionResult[] {
  return runWith(history, requests, timeScale, CHECKERS);
}
