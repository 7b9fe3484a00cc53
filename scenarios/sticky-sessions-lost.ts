// catches — this scenario demonstrates a misconfiguration; FAIL is its asserted outcome:
// | cause                                                            | criterion that fails (evidence)                        |
// |------------------------------------------------------------------|--------------------------------------------------------|
// | LB affinity off with long-polling clients: a polling request      | fault-window-churn, collateral-churn ('transport       |
// | lands on a pod without its Engine.IO session (400 "Session ID     | error' per polling client, pod and time)               |
// | unknown")                                                         |                                                        |
// | affinity restored (heal)                                          | none: unrecovered-clients, lost-acked, undelivered pass |
// | SUT_DEFECTS=no-replay (resume after the forced reconnects)        | lost-acked, undelivered (seen: 366 each, 60 clients)   |
// | SUT_DEFECTS=no-idempotency: acks buffered in a lost polling       | stored-once (4-8 clientMsgIds stored twice, seeds 1-3, |
// | session; the retry is stored again under a new seq                | of 14-20 retried sends; reference: 0 of 13)            |
// Its twin sticky-sessions-websocket (affinity off from the start, websocket clients) passes.
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';
import {
  STICKY_DATA_CRITERIA,
  STICKY_SESSIONS_RUNBOOK,
  STICKY_SESSIONS_SHARED,
} from './sticky-sessions-shared.js';

/**
 * Long-polling clients connect with the runbook's cookie affinity; then the load balancer is reloaded
 * without it (the fault: an ingress change), and 40 runbook seconds later with it again (the
 * runbook's solution). While affinity is off, every polling request is balanced on its own: the
 * Engine.IO session lives on one pod, so a request routed to another gets 400 "Session ID unknown"
 * and the client's socket closes with 'transport error'; reconnecting hardly helps (the handshake
 * and the next request land on different pods). A reload and not the configuration from the start:
 * with affinity off from the start, polling clients could not connect at all and the run would stop
 * as unusable before any criterion is judged.
 */
export default defineScenario({
  name: 'sticky-sessions-lost',
  title:
    'Affinity lost with long-polling clients: "Session ID unknown", then affinity restored (expected to FAIL)',
  runbook: STICKY_SESSIONS_RUNBOOK,
  ...STICKY_SESSIONS_SHARED,
  load: {
    clients: 300,
    roomSize: 10,
    messagesPerSecond: 60,
    messageBytes: 200,
    connectRatePerSecond: 200,
    transport: 'polling',
  },
  timeline: { warmup: 10, steadyState: 30, observe: 100, settle: 10 },
  faults: [{ at: 0, fault: 'lb-affinity-off', target: { component: 'load-balancer' }, healAfter: 40 }],
  expectFailure: {
    criteria: ['fault-window-churn', 'collateral-churn'],
    reason: 'long-polling without affinity: requests reach a pod that does not know the session',
  },
  criteria: [
    {
      id: 'fault-window-churn',
      source: 'Key metrics: Connection Churn normal <1% per min, while sessions are not sticky',
    },
    'collateral-churn',
    {
      id: 'steady-state-churn',
      source: 'Key metrics: Connection Churn normal <1% per min (before, and after the fix)',
    },
    'transport-closes',
    ...STICKY_DATA_CRITERIA,
  ],
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer, affinity: true },
});
