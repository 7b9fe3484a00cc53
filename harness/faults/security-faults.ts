import { abusiveClients } from './abusive-clients.js';
import { authProbe } from './auth-probe.js';
import { connectionFlood } from './connection-flood.js';
import type { FaultType } from './fault.js';
import { secretRotation } from './secret-rotation.js';

/** Faults added for the security scenario. */
export const SECURITY_FAULTS: readonly FaultType[] = [
  authProbe,
  abusiveClients,
  connectionFlood,
  secretRotation,
];
