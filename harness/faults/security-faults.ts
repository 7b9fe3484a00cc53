import type { FaultType } from './fault.js';

/** Faults added for the security scenario. */
export const SECURITY_FAULTS: readonly FaultType[] = [];
