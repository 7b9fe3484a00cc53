// The harness's public API for scenario files.
export { defineScenario, RUNBOOK_DEFAULTS, type ScenarioDefinition } from './runner/scenario.js';
