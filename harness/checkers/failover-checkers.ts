import { disconnectsDuringFault } from './disconnects-during-fault.js';
import { healthTruthfulness } from './health-truthfulness.js';
import { presenceDegradedAndRecovered } from './presence-degraded-and-recovered.js';
import { reconnectStorm } from './reconnect-storm.js';
import { samePodDelivery } from './same-pod-delivery.js';
import type { CheckerSpec } from './types.js';

/** Criteria added for the failover scenarios. */
export const FAILOVER_CHECKERS: readonly CheckerSpec[] = [
  disconnectsDuringFault,
  healthTruthfulness,
  presenceDegradedAndRecovered,
  reconnectStorm,
  samePodDelivery,
];
