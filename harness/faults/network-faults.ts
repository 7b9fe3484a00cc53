import type { FaultType } from './fault.js';

/** Faults of the network and the load balancer (latency, idle timeout, affinity, upgrades). */
export const NETWORK_FAULTS: readonly FaultType[] = [];
