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
    {
      id: 'collateral-churn',
      threshold: 1,
      source: 'Scenario 2 success criteria: Connection churn <1% of active connections',
    },
    {
      id: 'reconnect-time',
      threshold: 5_000,
      source:
        'Scenario 2 success criteria: Reconnect time <5 seconds p95 (from the disconnect; detection time in details)',
    },
    {
      id: 'lost-acked',
      threshold: 0,
      source: 'Scenario 2 success criteria: Zero data loss (messages replayed via resume protocol)',
    },
    {
      id: 'undelivered',
      threshold: 0,
      source: 'Scenario 2 success criteria: Zero data loss (messages replayed via resume protocol)',
    },
    { id: 'duplicates', threshold: 0, source: 'Resume protocol: replay is exactly once at the application' },
    {
      id: 'stored-once',
      threshold: 0,
      source:
        'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq` (sends retried after the zone hung are stored once)',
    },
    { id: 'order', threshold: 0, source: 'Resume protocol: per-room seq order' },
    {
      id: 'unrecovered-clients',
      threshold: 0,
      source: 'Scenario 2 expected behaviour 4: Clients reconnect to healthy pods',
    },
    {
      id: 'disconnects-during-fault',
      threshold: 0,
      source:
        'Scenario 2 expected behaviour 3 and "Once zone recovers": traffic stays on healthy zones; survivors are not disturbed, also when the zone returns',
    },
    { id: 'steady-state-churn', threshold: 1, source: 'Key metrics: Connection Churn normal <1% per min' },
    {
      id: 'health-check-success',
      threshold: 99.9,
      source:
        'Key metrics: Health Check Success normal >99.9% (pods of the lost zone, and all pods during the database failover, excepted)',
    },
    { id: 'heartbeat-timeouts', threshold: 0.5, source: 'Key metrics: Heartbeat Timeouts normal <0.5%' },
    { id: 'transport-closes', threshold: 0.1, source: 'Key metrics: Transport Closes normal <0.1%' },
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
