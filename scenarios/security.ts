import type { ScenarioDefinition } from '../harness/api.js';
import securityIncident from './security-incident.js';

/** The security scenario(s). */
export const SECURITY_SCENARIOS: readonly ScenarioDefinition[] = [securityIncident];
