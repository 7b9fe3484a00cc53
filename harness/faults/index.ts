import type { FaultType } from './fault.js';
import { podKill } from './pod-kill.js';

export const FAULTS: Readonly<Record<string, FaultType>> = {
  [podKill.name]: podKill,
};

export type { FaultContext, FaultInstance, FaultType, TargetSelector } from './fault.js';
