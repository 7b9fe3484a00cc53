// The defect matrix: for every scenario, the breaks it exists to catch and the criterion each must
// fail; every scenario also runs on the reference gateway, where nothing may fail. `npm run matrix`
// runs every cell at the quick profile (see harness/matrix/run-matrix.ts); cells marked `ci` run in
// `npm test`. Misconfigurations are named in harness/matrix/misconfigurations.ts.
import type { MatrixCell } from '../harness/api.js';
import { SCENARIOS } from './index.js';

const BREAKS: MatrixCell[] = [
  // Resume protocol: what a client missed while away is replayed. Without replay the loss shows in
  // both the durable audit (undelivered) and the harness's own ids (lost-messages).
  {
    scenario: 'single-pod-failure',
    defect: 'no-replay',
    fails: ['undelivered', 'lost-messages'],
    mayAlsoFail: ['lost-acked'],
    ci: true,
  },
  {
    scenario: 'zone-loss',
    defect: 'no-replay',
    fails: ['undelivered', 'lost-messages'],
    mayAlsoFail: ['lost-acked'],
  },
  {
    scenario: 'complete-outage',
    defect: 'no-replay',
    fails: ['undelivered', 'lost-messages'],
    mayAlsoFail: ['lost-acked'],
  },
  {
    scenario: 'browser-realtime',
    defect: 'no-replay',
    fails: ['undelivered', 'lost-messages'],
    mayAlsoFail: ['lost-acked', 'browser-rendered'],
  },
  {
    scenario: 'sticky-sessions-lost',
    defect: 'no-replay',
    fails: ['undelivered', 'lost-messages', 'lost-acked', 'fault-window-churn', 'collateral-churn'],
  },
  // Database failover: health tells the truth; an ack means committed.
  { scenario: 'database-failover', defect: 'health-ignores-db', fails: ['health-truthfulness'], ci: true },
  {
    scenario: 'database-failover',
    defect: 'ack-before-commit',
    fails: ['lost-acked'],
    // An acked message never committed reaches nobody: lost to every member too.
    mayAlsoFail: ['undelivered', 'lost-messages'],
  },
  // Presence: a crashed pod's users expire within the TTL (probe.presence every 5 runbook-s).
  { scenario: 'single-pod-failure', defect: 'presence-no-ttl', fails: ['presence-staleness'], ci: true },
  // Idempotency: a retried clientMsgId is stored once. Only a retry of a send committed before its ack
  // was lost shows the defect: kills and outages rarely land there (0 stored twice at the quick size in
  // single-pod-failure seeds 1-3, database-failover, zone-loss and complete-outage seed 1, which also
  // judge stored-once); a polling session lost with its buffered acks does every time (4-8 per run).
  {
    scenario: 'sticky-sessions-lost',
    defect: 'no-idempotency',
    fails: ['stored-once', 'fault-window-churn', 'collateral-churn'],
    // A message stored twice has two seqs: the SDK (deduplicating by seq) shows both copies, and
    // duplicates counts by clientMsgId.
    mayAlsoFail: ['duplicates'],
  },
  // Redis outage: degraded mode, not a crash.
  {
    scenario: 'redis-outage',
    defect: 'redis-fatal',
    fails: ['disconnects-during-fault', 'presence-degraded-and-recovered'],
    mayAlsoFail: [
      'same-pod-delivery',
      'unrecovered-clients',
      'health-check-success',
      'undelivered',
      'lost-acked',
      'lost-messages',
    ],
  },
  // Graceful shutdown, deploys and scaling: SIGTERM drains.
  {
    scenario: 'graceful-shutdown',
    defect: 'no-drain',
    fails: ['shutdown-timeline', 'deploy-unplanned-disconnects'],
    mayAlsoFail: ['reconnect-spread'],
  },
  {
    scenario: 'zero-downtime-deploy',
    defect: 'no-drain',
    fails: ['shutdown-timeline', 'deploy-unplanned-disconnects'],
    mayAlsoFail: ['deploy-step-churn'],
  },
  {
    scenario: 'scale-up-down',
    defect: 'no-drain',
    fails: ['shutdown-timeline', 'deploy-unplanned-disconnects'],
    mayAlsoFail: ['deploy-step-churn'],
  },
  // Rollback: readiness must mean ready.
  {
    scenario: 'rollback',
    defect: 'ready-before-database',
    fails: ['rollback-clean'],
    mayAlsoFail: ['health-check-success', 'deploy-unplanned-disconnects'],
  },
  // Security incident: auth at every handshake, strict mode, rate limit, connection cap, rotation.
  { scenario: 'security-incident', defect: 'auth-skip-on-resume', fails: ['bad-tokens-refused'] },
  {
    scenario: 'security-incident',
    misconfiguration: 'rate-limit-off',
    fails: ['rate-limit-enforced'],
    mayAlsoFail: ['abusers-disconnected'],
  },
  { scenario: 'security-incident', misconfiguration: 'strict-mode-off', fails: ['abusers-disconnected'] },
  {
    scenario: 'security-incident',
    misconfiguration: 'max-connections-5000',
    fails: ['max-connections-enforced'],
  },
  {
    scenario: 'security-incident',
    misconfiguration: 'rotation-keeps-old-secret',
    fails: ['old-tokens-refused'],
  },
  // Memory: per-connection state is released on disconnect.
  { scenario: 'memory-soak', defect: 'leak-on-disconnect', fails: ['memory-sessions-released'] },
  // The load balancer's settings: the runbook's rules.
  {
    scenario: 'lb-idle-timeout-runbook',
    misconfiguration: 'lb-tunnel-below-heartbeat',
    fails: ['steady-state-churn', 'transport-closes'],
    // Clients cut just before the final sync may still be reconnecting when it ends.
    mayAlsoFail: ['unrecovered-clients'],
  },
  {
    scenario: 'sticky-sessions-websocket',
    misconfiguration: 'lb-affinity-off-polling',
    // Without affinity a polling session's second request lands on another pod ("Session ID
    // unknown"), so the clients cannot even finish connecting: the run stops at the ramp.
    fails: ['clients-connected'],
  },
  {
    scenario: 'websocket-blocked',
    misconfiguration: 'sdk-without-polling-fallback',
    fails: ['clients-connected'],
  },
  // Performance degradation: pool sizing, health pings off the send pool, heartbeat grace vs added latency.
  {
    scenario: 'latency-degradation',
    defect: 'health-shares-pool',
    fails: ['health-check-success'],
    mayAlsoFail: ['update-latency'],
  },
  {
    scenario: 'latency-degradation',
    misconfiguration: 'db-pool-10',
    fails: ['update-latency'],
    mayAlsoFail: ['health-check-success', 'fault-delivery-latency', 'delivery-latency'],
  },
  {
    scenario: 'latency-degradation',
    misconfiguration: 'heartbeat-grace-below-delay',
    fails: ['fault-heartbeat-timeouts'],
    // Clients dropped by the heartbeat get what they missed on resume, > 1 s after the commit.
    mayAlsoFail: [
      'fault-delivery-latency',
      'update-latency',
      'delivery-latency',
      'fault-window-churn',
      'collateral-churn',
      'steady-state-churn',
      'reconnect-time',
      'heartbeat-timeouts',
    ],
  },
];

/** Scenarios whose reference run is cheap enough for `npm test`. */
const CI_REFERENCE = new Set(['single-pod-failure', 'calibration', 'database-failover', 'redis-outage']);

export const DEFECT_MATRIX: readonly MatrixCell[] = [
  ...SCENARIOS.map((s) => ({ scenario: s.name, fails: [], ci: CI_REFERENCE.has(s.name) })),
  ...BREAKS,
  // A second system under test: the plain gateway (system-under-test/plain-gateway), an ordinary
  // Socket.IO chat over the Redis adapter with no acks, no persistence and no resume. Its own faults
  // are expected outcomes: a harness that stopped seeing its loss would turn the matrix red. The
  // durability criteria (lost-acked, undelivered, stored-once) are not applicable to it. `npm test`
  // runs its observe and single-pod-failure cells as tests/plain-gateway.e2e.test.ts, with the evidence.
  { scenario: 'observe', target: 'system-under-test/plain-gateway/drill.config.ts', fails: [] },
  {
    // The killed node's members miss what the room sent while they reconnected: nothing replays it.
    scenario: 'single-pod-failure',
    target: 'system-under-test/plain-gateway/drill.config.ts',
    fails: ['lost-messages'],
  },
  {
    // Publishes fail while Redis is down (stopped, then blackholed): cross-node delivery is lost,
    // same-node delivery goes on.
    scenario: 'redis-outage',
    target: 'system-under-test/plain-gateway/drill.config.ts',
    fails: ['lost-messages'],
  },
];
