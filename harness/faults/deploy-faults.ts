import type { FaultType } from './fault.js';
import { podTerminate } from './pod-terminate.js';
import { rollback } from './rollback.js';
import { rollingDeploy } from './rolling-deploy.js';
import { scaleUpDown } from './scale-up-down.js';

/** Faults and procedures of the deployment, graceful-shutdown and scaling scenarios. */
export const DEPLOY_FAULTS: readonly FaultType[] = [podTerminate, rollingDeploy, rollback, scaleUpDown];
