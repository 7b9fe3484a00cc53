// catches — nothing by itself: it has no fault of its own. It is the instrument for faults injected by
// hand into a running stack (docker-compose.yml): `drill run observe --provider containers --attach`
// in one terminal, `drill fault …` in another once the run is in its observe phase. What it judges
// must hold after any fault the runbooks call survivable (a pod kill, a zone loss, a database
// failover, a Redis outage, added latency): nothing acked is lost, every client comes back.
// | defect (SUT_DEFECTS) | criteria that fail                                                             |
// |----------------------|--------------------------------------------------------------------------------|
// | (reference gateway)  | none without a hand-made fault: all pass (exit 0). Its matrix reference cell   |
// |                      | is that run; it declares no break cell: with no fault of its own it has none   |
// |                      | to catch (single-pod-failure catches no-replay with the same criteria)         |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

const INFRA = 'websocket-infrastructure-runbook.md';

/** Runbook seconds of observation: 24 s at --time-scale 0.1, 4 min at the runbook's own timings. */
export const OBSERVE_SECONDS = 240;

export default defineScenario({
  name: 'observe',
  title: 'Observe: steady load on a running stack while faults are injected by hand (drill fault)',
  runbook: {
    file: INFRA,
    section: 'Failover Scenarios › Scenario 2: Success Criteria',
    quote: [
      'Success Criteria:',
      '- Zero data loss (messages replayed via resume protocol)',
      '- Reconnect time <5 seconds p95',
    ].join('\n'),
  },
  // The default topology: docker-compose.yml is generated for it (the gateway timings attach checks).
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  // Faults by hand belong in the observe phase: a client missing at the end of steady state stops the
  // run as unusable (clients-connected) before anything is judged.
  timeline: { warmup: 10, steadyState: 10, observe: OBSERVE_SECONDS, settle: 20 },
  faults: [],
  // No criterion that needs to know when a fault was (this run's history has no fault.start: the fault
  // is another process's): collateral churn, health-check success and the like would count every
  // disturbance of a hand-made fault against the system.
  criteria: [
    'lost-messages',
    'lost-acked',
    { id: 'undelivered', source: 'Resume protocol: every missed message replayed' },
    'duplicates',
    'stored-once',
    'order',
    'sender-order',
    'reconnect-time',
    'unrecovered-clients',
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
