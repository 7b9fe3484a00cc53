import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

// catches:
// | switch / misconfiguration   | criterion expected to fail                                        |
// |-----------------------------|-------------------------------------------------------------------|
// | SUT_DEFECTS=no-replay       | lost-acked, undelivered (browser-rendered too when a typed        |
// |                             | message falls in the killed page's ~0.2 s gap: not every run)     |

export default defineScenario({
  name: 'browser-realtime',
  title: 'Browser realtime: two Chromium pages chat through a pod kill',
  runbook: {
    file: 'websocket-realtime-runbook.md',
    section: 'Common Operations › 3. Testing Real-time Features (manual test)',
    quote: [
      '1. Open two browser windows',
      '2. Navigate both to http://localhost:3001/projects',
      '3. Drag a task in window 1',
      '4. Verify task moves in window 2',
      '5. Check for "Live" indicator (green badge)',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  // Background load so the pods are not idle; the pages chat in a room of their own.
  load: { clients: 60, roomSize: 10, messagesPerSecond: 20, messageBytes: 200, connectRatePerSecond: 200 },
  browsers: { pages: 2, typeEverySeconds: 5 },
  timeline: { warmup: 10, steadyState: 20, observe: 90, settle: 10 },
  faults: [
    // The pod serving window 1 dies: its badge must leave Live, come back, and miss nothing.
    { at: 0, fault: 'pod-kill', target: { podOfClient: 'browser-1' }, healAfter: 30 },
  ],
  criteria: [
    'browser-rendered',
    'browser-badge',
    'lost-messages',
    { id: 'lost-acked', source: 'Scenario 2 success criteria: Zero data loss' },
    { id: 'undelivered', source: 'Resume protocol: messages replayed on reconnect' },
    'duplicates',
    'order',
    'sender-order',
    'unrecovered-clients',
    'reconnect-time',
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
});
