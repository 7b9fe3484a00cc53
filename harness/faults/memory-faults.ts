import type { FaultType } from './fault.js';

/** Faults added for the memory scenario. */
export const MEMORY_FAULTS: readonly FaultType[] = [];
