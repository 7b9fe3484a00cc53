// catches — what makes this scenario fail, and on which criterion:
// | cause                                                          | criterion that fails                          |
// |----------------------------------------------------------------|-----------------------------------------------|
// | sends queueing for the database: the reference gateway holds   | update-latency (database window only): seen   |
// | one of DB_POOL_MAX=10 connections per send for a full round    | p50 0.6 s / p99 1.15 s at time scale 0.1      |
// | trip (≈ 450 ms here), ≈ 22 sends/s per pod, and the default    | (before the warm pool, DB_POOL_MIN: p50 1.1 s |
// | load is 20 sends/s per pod (runbook: "Slow updates (>1 s)")    | / p99 1.6 s; at time scale 1: p50 2.3 s / p99 |
// |                                                                | 9.9 s); passes (p99 0.5 s) with               |
// |                                                                | DB_POOL_MAX=25                                |
// | SUT_DEFECTS=health-shares-pool: /health's database ping waits  | health-check-success: 88.6 / 87.7 / 90.2 %    |
// | for a connection of the send pool (the bug found here before:  | (seeds 1-3, time scale 0.1, 60 clients: every |
// | it queued behind those sends although the database was up).    | probe of every pod times out at 1 s from ≈    |
// | Caught because the scenario's monitor pings every 10 ms (see   | 1.5 s into the database window on); knock-on  |
// | gatewayEnv); without that, at DB_POOL_MAX=25 the pool never    | update-latency p99 2.0-2.4 s. Reference, same |
// | saturates (≈ 9 of 25 busy) and 1 of 2 runs caught it (99.1 %); | settings: 100 %, update-latency p99 491 / 517 |
// | with DB_POOL_MAX=15 3 of 3 caught, but the reference failed    | / 687 ms with the warm pool (before it: 976 / |
// | update-latency in 1 of 3 (905 / 1058 / 974 ms), at 12: 1182 ms | 983 / 990 ms; default monitor interval: 932 / |
// |                                                                | 955 / 961 / 993 ms)                           |
// | a delay adding > 1 s between commit and delivery               | fault-delivery-latency, delivery-latency      |
// | heartbeat grace shorter than the injected delay                | fault-heartbeat-timeouts, fault-window-churn  |
// |                                                                | (knock-on, measured: fault-delivery-, update- |
// |                                                                | and delivery-latency p99 1.4 / 1.6 / 1.2 s)   |
// | SDK or gateway timeouts that drop slow connections             | fault-window-churn, collateral-churn          |
import { defineScenario, RUNBOOK_DEFAULTS } from '../harness/api.js';

const REALTIME = 'websocket-realtime-runbook.md';

/** Injected on both directions of every selected link; real milliseconds (not time-scaled). */
const DELAY = { latencyMs: 200, jitterMs: 50 } as const;
/** Runbook seconds each variant lasts, and the calm between two variants. */
const WINDOW = 30;
const GAP = 15;

/**
 * Three variants in one run, one after the other with a calm gap between them: latency on every
 * pod->postgres link, then every pod->redis link, then every client->pod link (HAProxy -> pod: the
 * fault proxy has no link in front of HAProxy). One run rather than three: one boot, one fleet,
 * one baseline (warm-up and steady state) that all three windows are read against; each window is
 * judged on its own by fault-delivery-latency (p50/p99 per window next to the injected delay).
 */
export default defineScenario({
  name: 'latency-degradation',
  title: 'Latency degradation: 200 ms ± 50 ms on the database, Redis and client links, one after the other',
  runbook: {
    file: REALTIME,
    section: 'Emergency Procedures › 2. Performance Degradation; Monitoring & Alerts › websocket_latency_p99',
    quote: [
      '### 2. Performance Degradation',
      '**Symptoms**:',
      '- Slow updates (>1 second latency)',
      '- Intermittent disconnections',
      '- name: websocket_latency_p99',
      '  query: histogram_quantile(0.99, websocket_latency_seconds)',
      '  warning: > 1',
      '  critical: > 5',
    ].join('\n'),
  },
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  timeline: { warmup: 10, steadyState: 30, observe: 3 * WINDOW + 3 * GAP, settle: 10 },
  faults: [
    {
      at: 0,
      fault: 'link-latency',
      target: { component: 'database' },
      healAfter: WINDOW,
      params: { ...DELAY },
    },
    {
      at: WINDOW + GAP,
      fault: 'link-latency',
      target: { component: 'redis' },
      healAfter: WINDOW,
      params: { ...DELAY },
    },
    {
      at: 2 * (WINDOW + GAP),
      fault: 'link-latency',
      target: { component: 'load-balancer' },
      healAfter: WINDOW,
      params: { ...DELAY },
    },
  ],
  criteria: [
    'fault-delivery-latency',
    'update-latency',
    {
      id: 'delivery-latency',
      source: 'Realtime runbook alert: websocket_latency_p99 warning > 1 (whole run)',
    },
    'fault-heartbeat-timeouts',
    {
      id: 'fault-window-churn',
      source:
        'Infrastructure runbook Key Metrics: Connection Churn normal <1% per min (while the delay lasts)',
    },
    {
      id: 'collateral-churn',
      source:
        'Infrastructure runbook Scenario 2 success criteria: Connection churn <1% of active connections',
    },
    'steady-state-churn',
    'heartbeat-timeouts',
    'transport-closes',
    'lost-messages',
    'lost-acked',
    { id: 'undelivered', source: 'Realtime runbook Events Not Received: "Other users don\'t see changes"' },
    'duplicates',
    'order',
    'sender-order',
    'unrecovered-clients',
    'health-check-success',
  ],
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
  // Real milliseconds, not scaled. The gateway's database monitor pings every 10 ms: harmless on the
  // reference (one coalesced ping on a connection of its own), but if health shares the send pool
  // that is 1 / 10 ms × ≈ 450 ms round trip ≈ 45 connections wanted while the database is slow, more
  // than the pool's 25, so the pool saturates whatever the send rate and /health answers late.
  // Sends alone at 20/s per pod hold ≈ 9: a pool small enough for them to saturate it fails
  // update-latency on the reference too (see the table above).
  gatewayEnv: { DB_CHECK_INTERVAL_MS: '10' },
});
