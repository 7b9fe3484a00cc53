// catches (measured at --time-scale 0.1, 60 clients, seed 1):
// | SUT_DEFECTS=              | fails                                                                 |
// |---------------------------|-----------------------------------------------------------------------|
// | ready-before-database     | rollback-clean (8: the bad pod became ready, the rollout SIGTERMed an |
// |                           |   old pod, 6 clients were served by the bad version),                 |
// |                           |   health-check-success (96.3 %: the old pod the rollout replaced)     |
// | (reference gateway)       | nothing: the bad version never listens, the rollout deadline removes  |
// |                           |   it, every criterion passes                                          |
// The other switches do not fail it: the reference gateway only listens once its migrations ran, so
// a version that cannot reach its database never passes readiness. What this scenario exists to
// catch is a rollout that routes to, or replaces pods for, an unready version: rollback-clean (bad
// pod ready / served clients / old pod terminated) and deploy-unplanned-disconnects.
import { defineScenario } from '../harness/api.js';
import { BASE, HEALTH, INFRA, KEEP_THE_DATA } from './deploy-shared.js';

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
    'rollback-clean',
    'deploy-unplanned-disconnects',
    'handshake-failures',
    ...KEEP_THE_DATA,
    HEALTH,
  ],
});
