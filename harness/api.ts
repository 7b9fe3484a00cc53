// The harness's public API: everything a scenario file or a drill.config.ts needs, from one entry
// point. Installed as a package, this is `runbook-drill` (import { defineScenario } from 'runbook-drill').
export {
  defineScenario,
  RUNBOOK_DEFAULTS,
  type ScenarioCriterion,
  type ScenarioDefinition,
} from './runner/scenario.js';
export { defineConfig, type DrillConfig } from './config/define-config.js';
export type {
  AdapterConfig,
  AuditSpec,
  DrillAdapterConfig,
  EmitStep,
  ImageLaunch,
  LocalLaunch,
  SocketIoEventsAdapterConfig,
  TargetDefinition,
  TargetHooks,
  TargetServices,
  Template,
} from './targets/target.js';
export { CAPABILITIES, type Capability } from './targets/capabilities.js';
export type { TargetSelector } from './faults/fault.js';
export type { MatrixCell } from './matrix/cell.js';
