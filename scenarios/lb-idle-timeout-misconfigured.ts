// catches — this scenario demonstrates a misconfiguration; FAIL is its asserted outcome:
// | cause                                                  | criterion that fails (evidence)                          |
// |--------------------------------------------------------|----------------------------------------------------------|
// | LB idle (tunnel) timeout 20 s < heartbeat interval 25 s | steady-state-churn, transport-closes ('transport close') |
// | SUT_DEFECTS: none (the defect is the load balancer's)  | —                                                         |
// Its twin lb-idle-timeout-runbook (80 s) passes with the same load: the timeout alone decides.
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';
import {
  LB_IDLE_TIMEOUT_CRITERIA,
  LB_IDLE_TIMEOUT_RUNBOOK,
  LB_IDLE_TIMEOUT_SHARED,
} from './lb-idle-timeout-shared.js';

export default defineScenario({
  name: 'lb-idle-timeout-misconfigured',
  title: 'LB idle timeout 20 s, below the 25 s heartbeat: idle connections are cut (expected to FAIL)',
  runbook: LB_IDLE_TIMEOUT_RUNBOOK,
  ...LB_IDLE_TIMEOUT_SHARED,
  faults: [],
  expectFailure: {
    criteria: ['steady-state-churn', 'transport-closes'],
    // A client cut by the load balancer just before the final sync can still be reconnecting.
    mayAlsoFail: ['unrecovered-clients'],
    reason: 'an LB idle timeout below the heartbeat interval cuts idle connections (transport close)',
  },
  criteria: LB_IDLE_TIMEOUT_CRITERIA,
  // "LB Timeout Too Short": 20 s, while the server pings every 25 s.
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer, tunnelTimeoutMs: 20_000 },
});
