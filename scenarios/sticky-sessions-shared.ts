import { RUNBOOK_DEFAULTS, type ScenarioDefinition } from '../harness/api.js';

export const STICKY_SESSIONS_RUNBOOK = {
  file: 'websocket-infrastructure-runbook.md',
  section: 'Troubleshooting Guide › Problem: Sessions Not Sticky; Architecture Overview › Load Balancer',
  quote: [
    '│  - Session Affinity (Cookie-based, 24h TTL)                     │',
    '### Problem: Sessions Not Sticky',
    '- Clients report "Resume failed: cursor not found"',
    '- Same user ID appears in multiple pod logs',
    '# Enable cookie affinity',
    '  nginx.ingress.kubernetes.io/affinity="cookie" \\',
  ].join('\n'),
} as const;

export const STICKY_SESSIONS_SHARED = {
  topology: { ...RUNBOOK_DEFAULTS.topology },
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
} as const satisfies Partial<ScenarioDefinition>;

/** Correctness criteria every variant keeps, whatever happens to the connections. */
export const STICKY_DATA_CRITERIA: ScenarioDefinition['criteria'] = [
  'lost-messages',
  'lost-acked',
  {
    id: 'undelivered',
    source: 'Sessions Not Sticky: resume must work on any pod ("cursor not found" must not happen)',
  },
  'duplicates',
  {
    id: 'stored-once',
    source:
      'DESIGN gateway contract: a repeated `clientMsgId` returns the original `seq` (a send whose ack was lost with its polling session is retried, and stored once)',
  },
  'order',
  'sender-order',
  {
    id: 'unrecovered-clients',
    source: 'Sessions Not Sticky solution: "Enable cookie affinity" — every client is back by the end',
  },
];
