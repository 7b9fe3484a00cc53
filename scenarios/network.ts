import type { ScenarioDefinition } from '../harness/api.js';
import latencyDegradation from './latency-degradation.js';
import lbIdleTimeoutMisconfigured from './lb-idle-timeout-misconfigured.js';
import lbIdleTimeoutRunbook from './lb-idle-timeout-runbook.js';
import stickySessionsLost from './sticky-sessions-lost.js';
import stickySessionsWebsocket from './sticky-sessions-websocket.js';
import websocketBlocked from './websocket-blocked.js';

/** Load-balancer and network troubleshooting cases of both runbooks. */
export const NETWORK_SCENARIOS: readonly ScenarioDefinition[] = [
  latencyDegradation,
  lbIdleTimeoutMisconfigured,
  lbIdleTimeoutRunbook,
  stickySessionsLost,
  stickySessionsWebsocket,
  websocketBlocked,
];
