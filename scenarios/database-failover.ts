// catches (CI size: --time-scale 0.1 --clients 60, seed 1)
// | defect (SUT_DEFECTS) | criteria that fail                                                              |
// |----------------------|---------------------------------------------------------------------------------|
// | health-ignores-db    | health-truthfulness only (3 pods answered 200 to every probe of the outage)      |
// | ack-before-commit    | lost-acked (357 acked during the outage missing from PostgreSQL, 455 other seq)  |
// | no-idempotency       | none at this size: 363 sends retried through the outage, but a cut write is     |
// |                      | never committed (stored-once 0); sticky-sessions-lost catches it                 |
// | (reference gateway)  | none: all pass, stored-once 0 with 395 retries (exit 0)                          |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

const INFRA = 'websocket-infrastructure-runbook.md';

/** Runbook: "Database failover completes (RDS: 1-2 minutes)": the pods are cut off for the shorter end. */
const OUTAGE_SECONDS = 60;

export default defineScenario({
  name: 'database-failover',
  title: 'Database failover: the primary dies, the standby is promoted, the endpoint flips',
  runbook: {
    file: INFRA,
    section: 'Failover Scenarios › Scenario 3: Database Failover; Health Check Reference',
    quote: [
      'Symptoms: Health checks failing (`/health/database` returns 503); All pods marked unready; Connection writes failing',
      'Expected Behavior:',
      '1. Liveness probes fail → Pods remain running but unready',
      '2. LB stops routing to all pods',
      '3. Database failover completes (RDS: 1-2 minutes)',
      '4. Pods reconnect to new database primary',
      '5. Health checks pass → Pods become ready',
      'Endpoint: `/health/database` Purpose: Liveness check (is database connection healthy?)',
      'livenessProbe: httpGet: path: /health/database; periodSeconds: 10; failureThreshold: 3',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  timeline: { warmup: 10, steadyState: 30, observe: 100, settle: 10 },
  faults: [
    // The primary crashes and, behind the cut, the standby is promoted; the pods reach the new primary
    // when the fault heals, OUTAGE_SECONDS later (the whole window is the outage).
    { at: 0, fault: 'database-failover', target: { component: 'database' }, healAfter: OUTAGE_SECONDS },
  ],
  criteria: [
    'health-truthfulness',
    {
      id: 'disconnects-during-fault',
      source: 'Scenario 3 expected behaviour 1: Pods remain running (their websocket clients stay connected)',
    },
    'lost-messages',
    {
      id: 'lost-acked',
      source: 'Scenario 2 success criteria: Zero data loss (an acked message is committed)',
    },
    {
      id: 'undelivered',
      source:
        'Scenario 3 expected behaviour 4: Pods reconnect to new database primary (writes retried succeed and reach every member)',
    },
    'duplicates',
    {
      id: 'stored-once',
      source:
        'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq` (sends retried through the outage are stored once)',
    },
    'order',
    'sender-order',
    {
      id: 'unrecovered-clients',
      source: 'Scenario 3 expected behaviour 5: Pods become ready (every client served again)',
    },
    'steady-state-churn',
    {
      id: 'health-check-success',
      source:
        'Key metrics: Health Check Success normal >99.9% (every pod excepted during the outage: "All pods marked unready")',
    },
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
