// What the graceful-shutdown, deploy, rollback and scaling scenarios share.
import { RUNBOOK_DEFAULTS } from '../harness/api.js';

export const INFRA = 'websocket-infrastructure-runbook.md';

/**
 * The runbook's T+0 → T+12 lead between SIGTERM and the listener closing, which the gateway takes as
 * SHUTDOWN_DELAY_MS. gatewayEnv is not scaled, and the gateway requires TERMINATION_GRACE_MS (45 s ×
 * scale) > SHUTDOWN_DELAY_MS + DRAIN_TIMEOUT_MS (30 s × scale), so the delay must stay below
 * 15 s × scale at every scale we run: below 1.5 s at the CI scale 0.1. 1 s is 10 runbook seconds at
 * 0.1 (close to the runbook's 12) and keeps /health at 503 — not refused — for the probes that
 * follow a SIGTERM; at scale 1 it is simply a short lead (the load balancer then learns of the
 * drain from refused connections, which it retries on another pod).
 */
export const SHUTDOWN_DELAY_MS = '1000';

/** The runbook's success criteria every procedure must keep: no message lost, nobody left behind. */
export const KEEP_THE_DATA = [
  'lost-messages',
  'lost-acked',
  { id: 'undelivered', source: 'Resume protocol: clients that move catch up on every message' },
  'duplicates',
  'order',
  'sender-order',
  {
    id: 'unrecovered-clients',
    source: 'Connection Lifecycle 3: clients that drain reconnect to another pod',
  },
];

export const HEALTH = {
  id: 'health-check-success',
  source: 'Key metrics: Health Check Success normal >99.9% (pods being drained excepted)',
};

export const BASE = {
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 60, messageBytes: 200, connectRatePerSecond: 200 },
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
  loadBalancer: { ...RUNBOOK_DEFAULTS.loadBalancer },
  gatewayEnv: { SHUTDOWN_DELAY_MS },
};
