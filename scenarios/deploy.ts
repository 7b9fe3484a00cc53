import type { ScenarioDefinition } from '../harness/api.js';
import gracefulShutdown from './graceful-shutdown.js';
import rollback from './rollback.js';
import scaleUpDown from './scale-up-down.js';
import zeroDowntimeDeploy from './zero-downtime-deploy.js';

/** The infrastructure runbook's procedures: graceful shutdown, deploys, rollback and scaling. */
export const DEPLOY_SCENARIOS: readonly ScenarioDefinition[] = [
  gracefulShutdown,
  zeroDowntimeDeploy,
  rollback,
  scaleUpDown,
];
