// A scenario of one's own: a pod killed early in a longer observation, then watched for two
// runbook minutes after it came back. Run it with
//   npx drill run ./examples/my-scenario.ts --time-scale 0.1 --clients 20
// Installed as a package, import from 'runbook-drill' instead of the repository's own entry point.
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

export default defineScenario({
  name: 'my-pod-kill',
  title: 'A pod killed, then a long quiet watch: every client back, nothing lost, nothing twice',
  runbook: {
    file: 'websocket-infrastructure-runbook.md',
    section: 'Failover Scenarios › Scenario 1: Single Pod Failure',
    quote: '3. Clients reconnect automatically to healthy pods',
  },
  // Three pods over zones a, b, c, as the runbooks run them.
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 60, roomSize: 5, messagesPerSecond: 20, messageBytes: 120, connectRatePerSecond: 100 },
  // Runbook seconds, multiplied by --time-scale: at 0.1 the whole run takes about 17 s.
  timeline: { warmup: 10, steadyState: 20, observe: 120, settle: 15 },
  // SIGKILL of a pod drawn with the seed, restarted 30 runbook seconds later.
  faults: [{ at: 5, fault: 'pod-kill', target: { pod: 'random' }, healAfter: 30 }],
  // Criteria that need nothing of the target beyond plain Socket.IO, so they hold for any gateway.
  // An id alone takes the criterion's runbook threshold; an object names only what differs.
  criteria: [
    'lost-messages',
    'duplicates',
    'sender-order',
    { id: 'reconnect-time', threshold: 3_000, source: 'our SLO: reconnect p95 under 3 s' },
    'unrecovered-clients',
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
