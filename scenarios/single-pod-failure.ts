// catches (CI size: --time-scale 0.1 --clients 60, seed 1)
// | defect (SUT_DEFECTS) | criteria that fail                                                               |
// |----------------------|----------------------------------------------------------------------------------|
// | no-replay            | lost-acked, undelivered (15 messages, 40 deliveries missed by the killed pod's users) |
// | presence-no-ttl      | presence-staleness (the killed pod's 20 users stay listed on it: 20 pairs, 160-180 |
// |                      | stale listings; seed 2: 20 too); on the reference they drop out ~4.5 s (TTL 5 s)  |
// | no-idempotency       | none at this size: 0-3 sends retried per run (seeds 1-3), none committed before   |
// |                      | its ack was lost (stored-once 0); sticky-sessions-lost catches it                 |
// | (reference gateway)  | none: all pass (exit 0)                                                           |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

const INFRA = 'websocket-infrastructure-runbook.md';

export default defineScenario({
  name: 'single-pod-failure',
  title: 'Single pod failure: one of three pods is killed and restarted',
  runbook: {
    file: INFRA,
    section: 'Failover Scenarios › Scenario 1: Single Pod Failure',
    quote: [
      'Symptoms: One pod unhealthy/terminated; Partial connection loss (<33% if 3 replicas)',
      'Expected Behavior:',
      '1. Readiness probe fails → LB removes pod from pool',
      '2. Liveness probe fails → Kubernetes restarts pod',
      '3. Clients reconnect automatically to healthy pods (resume protocol)',
      '4. New pod becomes ready → LB adds back to pool',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  timeline: { warmup: 10, steadyState: 30, observe: 90, settle: 10 },
  faults: [
    // "One pod unhealthy/terminated": SIGKILL of a pod chosen with the seed. Kubernetes restarts a
    // crashed container after its liveness probe (10 s × 3 failures) notices: 30 s.
    { at: 0, fault: 'pod-kill', target: { pod: 'random' }, healAfter: 30 },
  ],
  criteria: [
    // Scenario 2's success criteria are the runbook's only stated ones for a failover; a single
    // pod failure is the smaller case and must meet them too.
    'lost-messages',
    'lost-acked',
    { id: 'undelivered', source: 'Scenario 1 expected behaviour 3: clients reconnect (resume protocol)' },
    'duplicates',
    {
      id: 'stored-once',
      source:
        'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq` (a send retried after its pod died is stored once)',
    },
    'order',
    'sender-order',
    'reconnect-time',
    'collateral-churn',
    'steady-state-churn',
    'unrecovered-clients',
    'health-check-success',
    'heartbeat-timeouts',
    'transport-closes',
    // The observation runs 90 s past the kill: more than the TTL (50 s) + a probe (5 s) + the
    // checker's tolerance, so the killed pod's entries must be seen gone for the last ~25 s.
    'presence-staleness',
    'delivery-latency',
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
