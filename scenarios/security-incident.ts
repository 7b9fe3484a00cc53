// catches — measured at --time-scale 0.1, 60 clients, seed 1 (reference: every criterion passes;
// rate-limit-enforced 100, max-connections-enforced 1000 = 980 flood + 20 clients, 120 server_full):
// | cause                                              | criterion that fails (value measured)             |
// |----------------------------------------------------|---------------------------------------------------|
// | SUT_DEFECTS=auth-skip-on-resume                    | bad-tokens-refused: 8 (every forged resume of     |
// |                                                    | vu-00000's session, via the LB and at each pod)   |
// | REQUIRE_AUTH=false, STRICT_MODE=false (step 1)     | bad-tokens-refused: 8 (no token at all accepted), |
// |                                                    | abusers-disconnected (never cut)                  |
// | RATE_LIMIT_ENABLED=false                           | rate-limit-enforced: 394 sends accepted in one    |
// |                                                    | window (limit 100); abusers-disconnected unknown  |
// | STRICT_MODE=false (REQUIRE_AUTH=true)              | abusers-disconnected: 280 refusals, never cut     |
// | MAX_CONNECTIONS=5000 (not the runbook's 1000)      | max-connections-enforced: 1120 (1100 + 20)        |
// | rotation leaves the old secret in JWT_SECRETS      | old-tokens-refused: 4 (LB and every pod)          |
// |   (secret-rotation params.keepOldSecret)           |                                                   |
// | the runbook's swap taken literally: issuer first,  | unrecovered-clients 6, clients-reauthenticated 6, |
// |   one restart onto the new secret (params.abrupt)  | handshake-failures 21, lost-acked 436, undelivered|
// |                                                    | 438 (the SDK gives up after 3 auth refusals)      |
// | other SUT_DEFECTS: not about this scenario         | —                                                 |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';
import { SHUTDOWN_DELAY_MS } from './deploy-shared.js';

const REALTIME = 'websocket-realtime-runbook.md';

/** "Enable rate limiting" (Performance Degradation 2) as the runbook writes it; per connection. */
export const RATE_LIMIT = {
  RATE_LIMIT_ENABLED: 'true',
  RATE_LIMIT_WINDOW: '60000',
  RATE_LIMIT_MAX: '100',
} as const;
/** "Option 2: Enable connection limits": export MAX_CONNECTIONS=1000 (per pod). */
export const MAX_CONNECTIONS = 1000;

export default defineScenario({
  name: 'security-incident',
  title:
    'Security incident: bad tokens refused, abusive clients rate-limited, a connection flood held at MAX_CONNECTIONS, secrets rotated',
  runbook: {
    file: REALTIME,
    section:
      'Emergency Procedures › 3. Security Incident; 2. Performance Degradation (rate limiting); High Memory Usage › Option 2 (connection limits)',
    quote: [
      '### 3. Security Incident',
      '**Suspicious Activity Detected**:',
      '# 1. Enable strict mode immediately',
      'kubectl set env deployment/websocket-gateway \\',
      '  STRICT_MODE=true \\',
      '  REQUIRE_AUTH=true -n devmentor-app',
      '# 3. Rotate secrets',
      'kubectl delete secret websocket-secrets -n devmentor-app',
      'kubectl create secret generic websocket-secrets \\',
      '  --from-literal=jwt-secret=$(openssl rand -base64 32) \\',
      '  -n devmentor-app',
      '### 2. Performance Degradation',
      '# 2. Enable rate limiting',
      'kubectl set env deployment/websocket-gateway \\',
      '  RATE_LIMIT_ENABLED=true \\',
      '  RATE_LIMIT_WINDOW=60000 \\',
      '  RATE_LIMIT_MAX=100 -n devmentor-app',
      '### Issue: High Memory Usage',
      '# Option 2: Enable connection limits',
      'export MAX_CONNECTIONS=1000',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  // 20 sends/s over the fleet: 20 per client per minute at the CI size (60 clients), 4 at 300 —
  // far below RATE_LIMIT_MAX=100 per 60 s, so the limiter touches only the abusers.
  load: { clients: 300, roomSize: 10, messagesPerSecond: 20, messageBytes: 200, connectRatePerSecond: 200 },
  // Runbook seconds. Each step starts after the previous one is over, with a calm gap, at both the
  // CI scale (0.1) and 1: the probes take ≈ 1.5 s and the abusers ≈ 4 s (real seconds at any
  // scale); the flood's 1,100 handshakes take 2 to 6 s on a 2-core machine, so the abusers, whose
  // window has a fixed length, follow it, and the rotation comes last. The rotation is two rolling
  // restarts of three pods, ≈ 35 s at 0.1 (a pod's boot does not scale) and ≈ 5 min at 1; the
  // observation window ends around its end at 0.1 (the runner waits for it at 1).
  timeline: { warmup: 10, steadyState: 20, observe: 520, settle: 10 },
  faults: [
    // The suspicious activity: handshakes with bad tokens, a forged resume of vu-00000's session.
    {
      at: 0,
      fault: 'auth-probe',
      target: { component: 'load-balancer' },
      healAfter: 5,
      params: { rounds: 2 },
    },
    // A connection flood straight at one pod, 10 % past its MAX_CONNECTIONS, held 20 s.
    {
      at: 20,
      fault: 'connection-flood',
      target: { pod: 'random' },
      healAfter: 20,
      params: { connections: MAX_CONNECTIONS + 100 },
    },
    // A few clients with valid tokens flood sends, 100/s each against 100 per 60 s, and come back
    // twice after strict mode cuts them.
    {
      at: 100,
      fault: 'abusive-clients',
      target: { component: 'load-balancer' },
      healAfter: 45,
      params: {
        abusers: 3,
        sendsPerSecond: 100,
        reconnects: 2,
        windowMs: Number(RATE_LIMIT.RATE_LIMIT_WINDOW),
      },
    },
    // Step 3: the secret rotated, two phases, surge 1 (see secret-rotation.ts).
    { at: 160, fault: 'secret-rotation', target: { component: 'load-balancer' }, healAfter: 10 },
  ],
  criteria: [
    'bad-tokens-refused',
    'old-tokens-refused',
    'clients-reauthenticated',
    {
      id: 'rate-limit-enforced',
      // The limit this scenario gives the gateways (the runbook's, the checker's default).
      threshold: Number(RATE_LIMIT.RATE_LIMIT_MAX),
    },
    'abusers-disconnected',
    {
      id: 'max-connections-enforced',
      threshold: MAX_CONNECTIONS,
    },
    {
      id: 'handshake-failures',
      source: 'No well-behaved client is refused: not by the attack, not while the secret rotates',
    },
    {
      id: 'deploy-unplanned-disconnects',
      source:
        'No well-behaved client drops: the attacks disturb nobody; the rotation moves clients with server_shutdown',
    },
    {
      id: 'collateral-churn',
      source:
        'Infrastructure runbook Scenario 2 success criteria: Connection churn <1% of active connections',
    },
    'fault-delivery-latency',
    {
      id: 'delivery-latency',
      source: 'Realtime runbook alert: websocket_latency_p99 warning > 1 (whole run)',
    },
    'lost-messages',
    {
      id: 'lost-acked',
      source: 'Well-behaved clients lose nothing (infrastructure runbook: zero data loss)',
    },
    { id: 'undelivered', source: 'Well-behaved clients see every message of their room' },
    'duplicates',
    'order',
    'sender-order',
    {
      id: 'unrecovered-clients',
      source: 'Every client reconnects after the rotation, with a new-secret token',
    },
    {
      id: 'health-check-success',
      source: 'Key metrics: Health Check Success normal >99.9% (pods being drained excepted)',
    },
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
  gatewayEnv: {
    STRICT_MODE: 'true',
    REQUIRE_AUTH: 'true',
    ...RATE_LIMIT,
    MAX_CONNECTIONS: String(MAX_CONNECTIONS),
    SHUTDOWN_DELAY_MS,
  },
});
