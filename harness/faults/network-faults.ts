import type { FaultType } from './fault.js';
import { lbAffinityOff } from './lb-affinity-off.js';
import { linkLatency } from './link-latency.js';

/** Faults of the network and the load balancer (latency, idle timeout, affinity, upgrades). */
export const NETWORK_FAULTS: readonly FaultType[] = [linkLatency, lbAffinityOff];
