import type { FaultType } from './fault.js';
import { clientLinkBlackhole } from './client-link-blackhole.js';
import { DEPLOY_FAULTS } from './deploy-faults.js';
import { FAILOVER_FAULTS } from './failover-faults.js';
import { MEMORY_FAULTS } from './memory-faults.js';
import { NETWORK_FAULTS } from './network-faults.js';
import { podKill } from './pod-kill.js';
import { SECURITY_FAULTS } from './security-faults.js';

const ALL: readonly FaultType[] = [
  podKill,
  ...FAILOVER_FAULTS,
  ...NETWORK_FAULTS,
  ...DEPLOY_FAULTS,
  ...SECURITY_FAULTS,
  ...MEMORY_FAULTS,
  clientLinkBlackhole,
];

export const FAULTS: Readonly<Record<string, FaultType>> = Object.fromEntries(ALL.map((f) => [f.name, f]));

export type { FaultContext, FaultInstance, FaultType, TargetSelector } from './fault.js';
