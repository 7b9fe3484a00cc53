import type { ScenarioDefinition } from '../harness/api.js';
import browserRealtime from './browser-realtime.js';
import calibration from './calibration.js';
import completeOutage from './complete-outage.js';
import databaseFailover from './database-failover.js';
import gracefulShutdown from './graceful-shutdown.js';
import latencyDegradation from './latency-degradation.js';
import lbIdleTimeoutMisconfigured from './lb-idle-timeout-misconfigured.js';
import lbIdleTimeoutRunbook from './lb-idle-timeout-runbook.js';
import memorySoak from './memory-soak.js';
import observe from './observe.js';
import redisOutage from './redis-outage.js';
import rollback from './rollback.js';
import scaleUpDown from './scale-up-down.js';
import securityIncident from './security-incident.js';
import singlePodFailure from './single-pod-failure.js';
import stickySessionsLost from './sticky-sessions-lost.js';
import stickySessionsWebsocket from './sticky-sessions-websocket.js';
import websocketBlocked from './websocket-blocked.js';
import zeroDowntimeDeploy from './zero-downtime-deploy.js';
import zoneLoss from './zone-loss.js';

/** Every built-in scenario: one list, one file per runbook scenario. */
export const SCENARIOS: readonly ScenarioDefinition[] = [
  // Failover (infrastructure runbook scenarios 1-4 and the complete outage).
  singlePodFailure,
  zoneLoss,
  databaseFailover,
  redisOutage,
  completeOutage,
  // The network and the load balancer (both runbooks' troubleshooting cases).
  latencyDegradation,
  lbIdleTimeoutMisconfigured,
  lbIdleTimeoutRunbook,
  stickySessionsLost,
  stickySessionsWebsocket,
  websocketBlocked,
  // Procedures: graceful shutdown, deploys, rollback, scaling.
  gracefulShutdown,
  zeroDowntimeDeploy,
  rollback,
  scaleUpDown,
  // Security and memory.
  securityIncident,
  memorySoak,
  // Browsers, the harness's own calibration, and a plain look at a healthy system.
  browserRealtime,
  calibration,
  observe,
];
