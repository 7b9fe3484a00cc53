// catches (SUT_DEFECTS → criterion that fails, at --time-scale 0.1, 60 clients):
// | defect     | fails                                                                  |
// |------------|------------------------------------------------------------------------|
// | no-drain   | shutdown-timeline (notice, drained), deploy-unplanned-disconnects,     |
// |            | deploy-step-churn (the removed pods drop their clients)                |
import { defineScenario } from '../harness/api.js';
import { BASE, HEALTH, INFRA, KEEP_THE_DATA } from './deploy-shared.js';

export default defineScenario({
  name: 'scale-up-down',
  title: 'Scaling: pods doubled under load, then halved 50 % at a time with graceful drains',
  runbook: {
    file: INFRA,
    section: 'Scaling Operations › Manual Scaling; Scaling Best Practices',
    quote: [
      '# Scale up',
      'kubectl scale deployment/chat-backend --replicas=5 -n chat-backend-prod',
      '# Scale down (gradual)',
      'kubectl scale deployment/chat-backend --replicas=3 -n chat-backend-prod',
      'Scaling Best Practices:',
      '- Scale Up: Aggressive (double pods immediately under load)',
      '- Scale Down: Conservative (wait 5 minutes, reduce 50% at a time)',
      '- Minimum Replicas: 3 (ensures availability during zone failures)',
      '- Maximum Replicas: 10 (adjust based on database connection pool size)',
    ].join('\n'),
  },
  ...BASE,
  timeline: { warmup: 10, steadyState: 30, observe: 400, settle: 10 },
  faults: [
    // Double at once (3 → 6); "wait 5 minutes" (healAfter 300); then 50 % at a time down to 3,
    // removing the original pods, which hold every connection, so their clients must re-home.
    {
      at: 0,
      fault: 'scale-up-down',
      target: { component: 'load-balancer' },
      healAfter: 300,
      params: { minReplicas: 3, maxReplicas: 10, removeOrder: 'oldest' },
    },
  ],
  criteria: [
    'shutdown-timeline',
    'deploy-unplanned-disconnects',
    'handshake-failures',
    {
      id: 'deploy-step-churn',
      source: "Key metrics: Connection Churn normal <1% (only the removed pods' clients move, planned)",
    },
    ...KEEP_THE_DATA,
    HEALTH,
  ],
});
