// catches (CI size: --time-scale 0.1 --clients 60, seed 1)
// | defect (SUT_DEFECTS) | criteria that fail                                                     |
// |----------------------|------------------------------------------------------------------------|
// | no-replay            | undelivered, lost-acked (538 messages: what was sent while all were away) |
// | no-idempotency       | none at this size: 12 sends retried, none committed before its ack was lost |
// |                      | (stored-once 0); stored-once stays as the guard, sticky-sessions-lost catches it |
// | (reference gateway)  | none: all pass                                                          |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

const INFRA = 'websocket-infrastructure-runbook.md';

export default defineScenario({
  name: 'complete-outage',
  title: 'Complete outage: every pod dies at once, then all are restarted',
  runbook: {
    file: INFRA,
    section: 'Incident Response › Severity Levels (P0); Failover Scenarios › Scenario 1 expected behaviour',
    quote: [
      '| **P0 - Critical** | Complete service outage | 15 minutes | All pods down, database unreachable |',
      '2. Liveness probe fails → Kubernetes restarts pod',
      '3. Clients reconnect automatically to healthy pods (resume protocol)',
      '4. New pod becomes ready → LB adds back to pool',
      'Resolution: Restart if transient issue: `kubectl rollout restart`',
      'Monitor Stability: Connection churn back to normal (<1%); No repeated failures',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  // 120 s after the restart: the LB takes two checks (2 × 15 s) to add a pod back and the SDK's backoff
  // (capped at 5 s, real seconds: not scaled) one more try, so even at --time-scale 0.1 every client
  // has had its chance before the final check; the runbook watches stability for 30 minutes.
  timeline: { warmup: 10, steadyState: 30, observe: 150, settle: 10 },
  faults: [
    // Every pod SIGKILLed; the orchestrator restarts crashed containers once the liveness probe
    // (10 s × 3 failures) notices: 30 s. Then the whole fleet reconnects at once: the storm.
    // Target {pod: 'all'}: the whole fleet. (validateScenario must accept 'all' next to 'random'.)
    { at: 0, fault: 'complete-outage', target: { pod: 'all' }, healAfter: 30 },
  ],
  criteria: [
    {
      id: 'unrecovered-clients',
      source: 'Scenario 1 expected behaviour 3: Clients reconnect automatically to healthy pods',
    },
    'lost-messages',
    'lost-acked',
    {
      id: 'undelivered',
      source: 'Scenario 2 success criteria: Zero data loss (messages replayed via resume protocol)',
    },
    'duplicates',
    {
      id: 'stored-once',
      source:
        'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq` (sends retried after every pod died are stored once)',
    },
    'order',
    'sender-order',
    'reconnect-storm',
    { id: 'steady-state-churn', source: 'Monitor Stability: Connection churn back to normal (<1%)' },
    {
      id: 'health-check-success',
      source: 'Key metrics: Health Check Success normal >99.9% (every pod excepted while down)',
    },
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
