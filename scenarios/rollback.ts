// catches (at --time-scale 0.1, 60 clients): no gateway defect switch makes a version that cannot
// reach its database pass readiness (the gateway does not listen before its migrations), so none of
// the current SUT_DEFECTS fails it. What it catches is a rollout that routes to, or replaces pods for,
// an unready version: rollback-clean (bad pod ready / served clients / old pod terminated) and
// deploy-unplanned-disconnects.
import { defineScenario } from '../harness/api.js';
import { BASE, HANDSHAKES, HEALTH, INFRA, KEEP_THE_DATA, UNPLANNED } from './deploy-shared.js';

export default defineScenario({
  name: 'rollback',
  title: 'Rollback: a version that fails readiness is caught and rolled back with no client impact',
  runbook: {
    file: INFRA,
    section: 'Deployment Procedures › Rollback Procedure',
    quote: [
      '# Check rollout history',
      'kubectl rollout history deployment/chat-backend -n $NAMESPACE',
      '# Rollback to previous version',
      'kubectl rollout undo deployment/chat-backend -n $NAMESPACE',
      '# Watch rollback progress',
      'kubectl rollout status deployment/chat-backend -n $NAMESPACE',
      '# Verify health',
      'curl -s http://localhost:3001/health',
    ].join('\n'),
  },
  ...BASE,
  // The rollout deadline is the provider's: a boot allowance (20 s real) + 4 load-balancer checks.
  timeline: { warmup: 10, steadyState: 30, observe: 300, settle: 10 },
  faults: [
    // The bad version cannot reach its database (closed loopback port): never ready.
    { at: 0, fault: 'rollback', target: { component: 'load-balancer' }, healAfter: 10 },
  ],
  criteria: [
    {
      id: 'rollback-clean',
      threshold: 0,
      source: 'Rollback Procedure: the bad version is undone; the previous version keeps serving',
    },
    UNPLANNED,
    HANDSHAKES,
    ...KEEP_THE_DATA,
    HEALTH,
  ],
});
