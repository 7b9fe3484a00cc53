import { abusiveClients } from './abusive-clients.js';
import { authProbe } from './auth-probe.js';
import { clientLinkBlackhole } from './client-link-blackhole.js';
import { completeOutage } from './complete-outage.js';
import { connectionChurn } from './connection-churn.js';
import { connectionFlood } from './connection-flood.js';
import { databaseFailover } from './database-failover.js';
import type { FaultType } from './fault.js';
import { lbAffinityOff } from './lb-affinity-off.js';
import { linkLatency } from './link-latency.js';
import { memoryPressure } from './memory-pressure.js';
import { podKill } from './pod-kill.js';
import { podTerminate } from './pod-terminate.js';
import { redisBlackhole } from './redis-blackhole.js';
import { redisStop } from './redis-stop.js';
import { rollback } from './rollback.js';
import { rollingDeploy } from './rolling-deploy.js';
import { scaleUpDown } from './scale-up-down.js';
import { secretRotation } from './secret-rotation.js';
import { zoneLoss } from './zone-loss.js';

/** Every fault the scenarios can name: one list, one file per fault. */
const ALL: readonly FaultType[] = [
  // Pods, zones and the backing services.
  podKill,
  zoneLoss,
  databaseFailover,
  redisStop,
  redisBlackhole,
  completeOutage,
  // The network and the load balancer.
  linkLatency,
  lbAffinityOff,
  clientLinkBlackhole,
  // Procedures: graceful shutdown, deploys, rollback, scaling.
  podTerminate,
  rollingDeploy,
  rollback,
  scaleUpDown,
  // Attacks and the secret rotation.
  authProbe,
  abusiveClients,
  connectionFlood,
  secretRotation,
  // Memory.
  connectionChurn,
  memoryPressure,
];

export const FAULTS: Readonly<Record<string, FaultType>> = Object.fromEntries(ALL.map((f) => [f.name, f]));

export type { FaultContext, FaultInstance, FaultType, TargetSelector } from './fault.js';
