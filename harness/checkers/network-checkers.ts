import { faultDeliveryLatency } from './fault-delivery-latency.js';
import { faultHeartbeatTimeouts } from './fault-heartbeat-timeouts.js';
import { faultWindowChurn } from './fault-window-churn.js';
import { transportFallback } from './transport-fallback.js';
import type { CheckerSpec } from './types.js';
import { updateLatency } from './update-latency.js';

/** Criteria added for the network and load-balancer scenarios. */
export const NETWORK_CHECKERS: readonly CheckerSpec[] = [
  faultWindowChurn,
  faultHeartbeatTimeouts,
  faultDeliveryLatency,
  transportFallback,
  updateLatency,
];
