// catches — must pass: websockets need no affinity (one HTTP request, then one tunnel):
// | cause                                                            | criterion that fails                 |
// |------------------------------------------------------------------|--------------------------------------|
// | an SDK or gateway that needs a second routed request per session | steady-state-churn, transport-closes |
// | (e.g. a polling handshake before the upgrade) without affinity   |                                      |
// | SUT_DEFECTS: none maps here                                      | —                                    |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';
import {
  STICKY_DATA_CRITERIA,
  STICKY_SESSIONS_RUNBOOK,
  STICKY_SESSIONS_SHARED,
} from './sticky-sessions-shared.js';

/**
 * Affinity off for the whole run (configured from the start, so no reload moves the tunnels) and
 * websocket clients: each connection is one request and one tunnel, so nothing depends on the pod a
 * later request would reach. Same load as sticky-sessions-lost.
 */
export default defineScenario({
  name: 'sticky-sessions-websocket',
  title: 'Affinity off with websocket clients: unaffected',
  runbook: STICKY_SESSIONS_RUNBOOK,
  ...STICKY_SESSIONS_SHARED,
  load: {
    clients: 300,
    roomSize: 10,
    messagesPerSecond: 60,
    messageBytes: 200,
    connectRatePerSecond: 200,
    transport: 'websocket',
  },
  timeline: { warmup: 10, steadyState: 30, observe: 100, settle: 10 },
  faults: [],
  criteria: [
    'steady-state-churn',
    'transport-closes',
    'heartbeat-timeouts',
    'delivery-latency',
    ...STICKY_DATA_CRITERIA,
  ],
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer, affinity: false },
});
