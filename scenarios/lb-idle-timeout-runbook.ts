// catches — the runbook's own setting; it must pass:
// | cause                                                            | criterion that fails                   |
// |------------------------------------------------------------------|----------------------------------------|
// | an LB idle timeout below heartbeat + grace (see the misconfigured | steady-state-churn, transport-closes   |
// | twin, 20 s)                                                      |                                        |
// | SUT_DEFECTS: none maps here                                      | —                                      |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';
import {
  LB_IDLE_TIMEOUT_CRITERIA,
  LB_IDLE_TIMEOUT_RUNBOOK,
  LB_IDLE_TIMEOUT_SHARED,
} from './lb-idle-timeout-shared.js';

export default defineScenario({
  name: 'lb-idle-timeout-runbook',
  title: 'LB idle timeout 80 s (heartbeat + grace + margin): idle connections stay up',
  runbook: LB_IDLE_TIMEOUT_RUNBOOK,
  ...LB_IDLE_TIMEOUT_SHARED,
  faults: [],
  criteria: LB_IDLE_TIMEOUT_CRITERIA,
  // "Idle Timeout: 80s (heartbeat + grace + margin)"
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer, tunnelTimeoutMs: 80_000 },
});
