// catches (SUT_DEFECTS → criterion that fails, at --time-scale 0.1, 60 clients):
// | defect     | fails                                                                  |
// |------------|------------------------------------------------------------------------|
// | no-drain   | shutdown-timeline (notice, drained), deploy-unplanned-disconnects,     |
// |            | deploy-step-churn (each replaced pod drops its clients)                |
import { defineScenario } from '../harness/api.js';
import { BASE, HEALTH, INFRA, KEEP_THE_DATA } from './deploy-shared.js';

export default defineScenario({
  name: 'zero-downtime-deploy',
  title: 'Zero-downtime deployment: every pod replaced by a new version, one at a time',
  runbook: {
    file: INFRA,
    section: 'Deployment Procedures › Zero-Downtime Deployment',
    quote: [
      '# 1. Update deployment image',
      'kubectl set image deployment/chat-backend chat-backend=$NEW_IMAGE -n $NAMESPACE',
      '# 2. Watch rollout status',
      'kubectl rollout status deployment/chat-backend -n $NAMESPACE',
      '# 3. Monitor connection churn during rollout',
      '# 4. Verify new pods healthy',
      '# 5. Check health',
    ].join('\n'),
  },
  ...BASE,
  // The rollout takes one pod boot plus one drain (30 s) per pod: observe covers three steps.
  timeline: { warmup: 10, steadyState: 30, observe: 400, settle: 10 },
  faults: [
    // "kubectl set image": a rolling update with surge 1, unavailable 0 to GATEWAY_VERSION=v2.
    {
      at: 0,
      fault: 'rolling-deploy',
      target: { component: 'load-balancer' },
      healAfter: 10,
      params: { env: { GATEWAY_VERSION: 'v2' } },
    },
  ],
  criteria: [
    'deploy-step-churn',
    'deploy-unplanned-disconnects',
    'handshake-failures',
    'deploy-final-version',
    'shutdown-timeline',
    ...KEEP_THE_DATA,
    HEALTH,
  ],
});
