import { connectionChurn } from './connection-churn.js';
import type { FaultType } from './fault.js';
import { memoryPressure } from './memory-pressure.js';

/** Faults added for the memory scenario. */
export const MEMORY_FAULTS: readonly FaultType[] = [connectionChurn, memoryPressure];
