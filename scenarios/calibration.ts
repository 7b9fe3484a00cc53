// catches — this scenario checks the harness, not the gateway: it fails when the harness's own
// measurement of a known outage is off by more than the stated bound (a clock that is not monotonic,
// timestamps taken late by a blocked event loop, events attributed to the wrong client or pod).
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

/** Runbook seconds the client->pod link of one pod is blackholed: 3 s at --time-scale 0.1. */
export const CALIBRATION_OUTAGE_S = 30;

/**
 * Calibration: a known outage, measured back. One pod's client->pod link is blackholed for exactly
 * CALIBRATION_OUTAGE_S (shorter than the heartbeat's 25 s + 25 s detection, so its clients stay on
 * their connections and simply hear nothing), then healed. Each of its clients must measure a
 * silence of that length within the bound; the report also prints the run's measurement error of
 * reconnect time and delivery latency (result.measurementError).
 */
export default defineScenario({
  name: 'calibration',
  title: 'Calibration: one pod blackholed for a known time; the harness must measure that time back',
  runbook: {
    file: 'websocket-infrastructure-runbook.md',
    section: 'Failover Scenarios › Scenario 2: Success Criteria (the instrument that judges them)',
    quote: ['Success Criteria:', '- Reconnect time <5 seconds p95', '- Zero data loss'].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  // A dense load: every room hears a message every ~50 ms at 60 clients, so a client's last message
  // before the cut is recent.
  load: { clients: 300, roomSize: 10, messagesPerSecond: 200, messageBytes: 100, connectRatePerSecond: 200 },
  timeline: { warmup: 10, steadyState: 20, observe: 60, settle: 10 },
  faults: [
    {
      at: 10,
      fault: 'client-link-blackhole',
      target: { pod: 'random' },
      healAfter: CALIBRATION_OUTAGE_S,
    },
  ],
  criteria: [
    'outage-calibration',
    'lost-messages',
    { id: 'lost-acked', source: 'Scenario 2 success criteria: Zero data loss' },
    { id: 'undelivered', source: 'Resume protocol: every missed message replayed' },
    { id: 'unrecovered-clients', source: 'Clients reconnect automatically' },
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
