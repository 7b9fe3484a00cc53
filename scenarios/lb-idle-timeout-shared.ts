import { RUNBOOK_DEFAULTS, type ScenarioDefinition } from '../harness/api.js';

/**
 * What the two lb-idle-timeout scenarios share: everything but the load balancer's tunnel timeout,
 * so that the timeout alone explains the difference in their verdicts.
 */
export const LB_IDLE_TIMEOUT_RUNBOOK = {
  file: 'websocket-infrastructure-runbook.md',
  section: 'Architecture Overview › Load Balancer; Troubleshooting Guide › Problem: High Connection Churn',
  quote: [
    '│  - Idle Timeout: 80s (heartbeat + grace + margin)               │',
    '│  - Heartbeat: 25s    │',
    '### Problem: High Connection Churn',
    '- Frequent disconnects/reconnects',
    '- Logs show `disconnect: transport close` or `heartbeat_timeout`',
    '1. **LB Timeout Too Short**: Increase `proxy_read_timeout` to 80s',
  ].join('\n'),
} as const;

/**
 * A quiet chat: 1 message per second over the whole fleet, so most connections carry nothing but
 * the heartbeat between two pings (25 s), which is the traffic the idle timeout rule is about.
 *
 * The configuration holds from the start (loadBalancer.tunnelTimeoutMs), not from a reload: a reload
 * leaves established tunnels on the old HAProxy worker with the old timeout until hard-stop-after.
 * The runner checks that every client is connected at the end of steady state, so warm-up and
 * steady state together (5 runbook s) plus the connection ramp must end before the first idle
 * timeout can fire (20 s after a client's last byte); hence the short warm-up and the fast ramp.
 */
export const LB_IDLE_TIMEOUT_SHARED = {
  topology: { ...RUNBOOK_DEFAULTS.topology },
  load: { clients: 300, roomSize: 10, messagesPerSecond: 1, messageBytes: 200, connectRatePerSecond: 600 },
  timeline: { warmup: 2, steadyState: 3, observe: 120, settle: 10 },
  gateway: { ...RUNBOOK_DEFAULTS.gateway },
} as const satisfies Partial<ScenarioDefinition>;

/** The same criteria for both: the runbook's normal ranges. */
export const LB_IDLE_TIMEOUT_CRITERIA: ScenarioDefinition['criteria'] = [
  {
    id: 'steady-state-churn',
    source:
      'Key metrics: Connection Churn normal <1% per min; High Connection Churn: "Frequent disconnects/reconnects"',
  },
  {
    id: 'transport-closes',
    source:
      'Key metrics: Transport Closes normal <0.1%; High Connection Churn: "Logs show `disconnect: transport close`"',
  },
  'heartbeat-timeouts',
  'lost-messages',
  'lost-acked',
  'undelivered',
  'duplicates',
  'order',
  'sender-order',
  'unrecovered-clients',
];
