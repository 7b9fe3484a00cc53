// catches:
// | cause                                                          | criterion that fails                       |
// |----------------------------------------------------------------|--------------------------------------------|
// | an SDK without polling fallback (load.transport 'websocket')   | the run stops: no client connects (exit 2) |
// | a client that falls back but does not report 'polling'         | transport-fallback                         |
// | polling delivery that loses, reorders or delays updates        | undelivered, order, delivery-latency       |
// | SUT_DEFECTS: none maps here (the refusal is the LB's)          | —                                          |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

/**
 * The load balancer refuses every websocket upgrade (HTTP 400 on `Upgrade: websocket`) for the whole
 * run, configured from the start. Clients in `auto` mode try the websocket, fail at the transport
 * level, fall back to long-polling on the same URL (affinity on, as the runbook configures), and must
 * report it: the SDK state 'polling' is the runbook's "Polling" badge. Messages keep flowing, in
 * order, within the runbook's latency bound.
 */
export default defineScenario({
  name: 'websocket-blocked',
  title: 'WebSocket upgrades refused at the load balancer: clients fall back to long-polling',
  runbook: {
    file: 'websocket-realtime-runbook.md',
    section:
      'Troubleshooting › Issue: Connection Not Establishing; Emergency Procedures › 1. Complete WebSocket Failure',
    quote: [
      '### Issue: Connection Not Establishing',
      '- "Polling" badge shown instead of "Live"',
      '- Console errors about WebSocket connection',
      '# Ensure WebSocket upgrade headers are allowed',
      '**Remember**: When in doubt, switch to polling mode first to maintain service availability, then investigate.',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: {
    clients: 300,
    roomSize: 10,
    messagesPerSecond: 60,
    messageBytes: 200,
    connectRatePerSecond: 200,
    transport: 'auto',
  },
  timeline: { warmup: 10, steadyState: 30, observe: 90, settle: 10 },
  faults: [],
  criteria: [
    'transport-fallback',
    { id: 'order', source: 'Resume protocol: per-room seq order (keep receiving in order)' },
    'sender-order',
    { id: 'undelivered', source: 'Events Not Received: "Other users don\'t see changes" must not happen' },
    'lost-messages',
    { id: 'lost-acked', source: 'Scenario 2 success criteria: Zero data loss' },
    { id: 'duplicates', source: 'Resume protocol: exactly once at the application' },
    'delivery-latency',
    'steady-state-churn',
    'transport-closes',
    { id: 'unrecovered-clients', source: '"switch to polling mode first to maintain service availability"' },
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer, allowUpgrade: false },
});
