// catches (CI size: --time-scale 0.1 --clients 60, seed 1)
// | defect (SUT_DEFECTS) | criteria that fail                                                          |
// |----------------------|-----------------------------------------------------------------------------|
// | no-replay            | undelivered, lost-acked (336 messages sent while zone a's clients were away) |
// | no-idempotency       | none at this size: 77 sends retried after the zone hung, none committed      |
// |                      | before its ack was lost (stored-once 0); sticky-sessions-lost catches it     |
// | (reference gateway)  | none: all pass (exit 0)                                                      |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

const INFRA = 'websocket-infrastructure-runbook.md';
const topology = { ...RUNBOOK_DEFAULTS.topology };

export default defineScenario({
  name: 'zone-loss',
  title:
    'Availability zone failure: every pod of zone a hangs, with the database primary; then the zone returns',
  runbook: {
    file: INFRA,
    section: 'Failover Scenarios › Scenario 2: Availability Zone Failure',
    quote: [
      'Symptoms: All pods in one zone unreachable; Partial service degradation; Increased connection churn',
      'Expected Behavior:',
      '1. Pods in affected zone fail health checks',
      '2. LB removes affected pods from pool',
      '3. Traffic routes to healthy zones',
      '4. Clients reconnect to healthy pods',
      '5. Kubernetes reschedules pods to healthy zones',
      '# Once zone recovers, uncordon nodes',
      'Success Criteria:',
      '- Connection churn <1% of active connections',
      '- Reconnect time <5 seconds p95',
      '- Zero data loss (messages replayed via resume protocol)',
    ].join('\n'),
  },
  topology,
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  timeline: { warmup: 10, steadyState: 30, observe: 110, settle: 10 },
  faults: [
    // "All pods in one zone unreachable": zone a hangs (SIGSTOP, links blackholed: no FIN, no RST), and
    // with it the PostgreSQL primary, which the topology puts in zone a. Clients notice through their
    // heartbeat (25 s ping + 25 s grace), so the zone stays lost for 60 s, past every detection; then it
    // "recovers" and its pods rejoin the load balancer, with 50 s left to see the survivors undisturbed.
    {
      at: 0,
      fault: 'zone-loss',
      target: { zone: topology.databaseZone },
      healAfter: 60,
      params: { databaseZone: topology.databaseZone },
    },
  ],
  criteria: [
    'collateral-churn',
    {
      id: 'reconnect-time',
      source:
        'Scenario 2 success criteria: Reconnect time <5 seconds p95 (from the disconnect; detection time in details)',
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
        'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq` (sends retried after the zone hung are stored once)',
    },
    'order',
    'sender-order',
    {
      id: 'unrecovered-clients',
      source: 'Scenario 2 expected behaviour 4: Clients reconnect to healthy pods',
    },
    {
      id: 'disconnects-during-fault',
      source:
        'Scenario 2 expected behaviour 3 and "Once zone recovers": traffic stays on healthy zones; survivors are not disturbed, also when the zone returns',
    },
    'steady-state-churn',
    {
      id: 'health-check-success',
      source:
        'Key metrics: Health Check Success normal >99.9% (pods of the lost zone, and all pods during the database failover, excepted)',
    },
    'heartbeat-timeouts',
    'transport-closes',
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
