import { CHECKERS } from '../checkers/index.js';
import { plannedPods } from '../env/pod-names.js';
import type { Provider } from '../env/provider.js';
import type { FaultType } from '../faults/fault.js';
import { FAULTS } from '../faults/index.js';
import { CAPABILITIES, missingCapabilities } from '../targets/capabilities.js';
import { servicesOf } from '../targets/resolve.js';
import type { Target } from '../targets/target.js';
import { criterionRequest } from './requested-criteria.js';
import type { ScenarioDefinition } from './scenario.js';

/**
 * Problems that would make a run meaningless, found before anything boots. Empty: runnable. With a
 * target: a fault needing a capability it lacks (FaultType.needs), or a service it does not have
 * (a failover needs a PostgreSQL standby, a Redis fault needs Redis), is refused, naming what is
 * missing. Criteria are not refused here: one the target cannot support is judged not applicable.
 */
export function validateScenario(
  scenario: ScenarioDefinition,
  provider: Provider,
  target?: Target,
): string[] {
  const problems: string[] = [];
  if (target) {
    if (scenario.browsers && !target.capabilities.has('chat-page'))
      problems.push(
        `${scenario.name}: opens browser pages, but target ${target.definition.name} lacks capability chat-page (${CAPABILITIES['chat-page']})`,
      );
  }
  // The topology the fault plan is drawn over (runner/fault-plan.ts): `random` picks among these.
  const planned =
    scenario.topology.zones.length > 0 ? plannedPods(scenario.topology.pods, scenario.topology.zones) : [];
  const pods = planned.map((p) => p.name);
  const zonesWithPods = [...new Set(planned.map((p) => p.zone))];
  for (const [i, step] of scenario.faults.entries()) {
    const where = `${scenario.name}: fault ${i + 1} (${step.fault})`;
    const type = FAULTS[step.fault];
    if (!type) {
      problems.push(`${where}: no such fault; known: ${Object.keys(FAULTS).join(', ')}`);
      continue;
    }
    if (provider.checkStep) {
      const refused = provider.checkStep({ fault: step.fault, requires: type.requires, target: step.target });
      for (const problem of refused) problems.push(`${where}: ${problem}`);
    } else {
      const missing = type.requires.filter((p) => !provider.supports.has(p));
      if (missing.length > 0)
        problems.push(`${where}: the ${provider.name} provider cannot ${missing.join(', ')}`);
    }
    if (target) problems.push(...targetProblems(where, step, type, scenario, target));
    if (
      'pod' in step.target &&
      !['random', 'all'].includes(step.target.pod) &&
      !pods.includes(step.target.pod)
    ) {
      problems.push(`${where}: targets ${step.target.pod}, but the topology has ${pods.join(', ')}`);
    }
    if ('pod' in step.target && step.target.pod === 'random' && pods.length === 0) {
      problems.push(`${where}: targets a random pod, but the topology has no pod`);
    }
    if ('zone' in step.target && step.target.zone !== 'random') {
      if (!scenario.topology.zones.includes(step.target.zone)) {
        problems.push(
          `${where}: targets zone ${step.target.zone}, but the zones are ${scenario.topology.zones.join(', ')}`,
        );
      } else if (!zonesWithPods.includes(step.target.zone)) {
        problems.push(
          `${where}: targets zone ${step.target.zone}, but its ${pods.length} pods are in ${zonesWithPods.join(', ')}`,
        );
      }
    }
    if ('zone' in step.target && step.target.zone === 'random' && zonesWithPods.length === 0) {
      problems.push(`${where}: targets a random zone, but no zone has a pod`);
    }
    if (step.ifTargetDown !== undefined && !['wait', 'skip'].includes(step.ifTargetDown)) {
      problems.push(
        `${where}: ifTargetDown must be 'wait' or 'skip', got ${JSON.stringify(step.ifTargetDown)}`,
      );
    }
    if (step.maxWait !== undefined && !(Number.isFinite(step.maxWait) && step.maxWait >= 0)) {
      problems.push(`${where}: maxWait must be a number of seconds ≥ 0, got ${JSON.stringify(step.maxWait)}`);
    }
    if (step.at < 0 || step.at > scenario.timeline.observe) {
      problems.push(
        `${where}: at ${step.at} s is outside the observation window of ${scenario.timeline.observe} s`,
      );
    }
  }
  for (const c of scenario.criteria.map(criterionRequest)) {
    const checker = CHECKERS[c.id];
    if (!checker)
      problems.push(
        `${scenario.name}: no checker for criterion ${c.id}; known: ${Object.keys(CHECKERS).join(', ')}`,
      );
    else if (c.threshold === undefined && checker.defaultThreshold === undefined)
      problems.push(
        `${scenario.name}: criterion ${c.id} has no default threshold; the scenario must name one`,
      );
  }
  if (scenario.criteria.length === 0) problems.push(`${scenario.name}: no criteria to judge`);
  return problems;
}

/** What a fault step needs of the target: capabilities (FaultType.needs) and backing services. */
function targetProblems(
  where: string,
  step: ScenarioDefinition['faults'][number],
  type: FaultType,
  scenario: ScenarioDefinition,
  target: Target,
): string[] {
  const problems: string[] = [];
  const name = target.definition.name;
  for (const need of missingCapabilities(type.needs, target.capabilities))
    problems.push(`${where}: target ${name} lacks capability ${need} (${CAPABILITIES[need]})`);
  const services = servicesOf(target, scenario);
  const standby = target.definition.services.postgres === 'primary+standby';
  const needsRedis =
    type.requires.includes('redis.stop') ||
    step.fault.startsWith('redis-') ||
    ('link' in step.target && step.target.link.endsWith('->redis'));
  if (needsRedis && !services.redis)
    problems.push(`${where}: needs Redis, but target ${name} has none (services.redis)`);
  if ('link' in step.target && step.target.link.endsWith('->postgres') && !services.postgres)
    problems.push(`${where}: needs PostgreSQL, but target ${name} has none (services.postgres)`);
  if (step.fault === 'database-failover' || step.fault === 'failover') {
    if (!standby)
      problems.push(
        `${where}: needs a PostgreSQL standby, but target ${name} has services.postgres '${target.definition.services.postgres}'`,
      );
    else if (!services.standby)
      problems.push(`${where}: needs a PostgreSQL standby, but the scenario's topology has none`);
  }
  if (
    step.fault === 'zone-loss' &&
    !standby &&
    'zone' in step.target &&
    (step.target.zone === 'random' || step.target.zone === scenario.topology.databaseZone)
  ) {
    problems.push(
      `${where}: may take the database zone (${scenario.topology.databaseZone}), which needs a PostgreSQL standby to fail over to; target ${name} has services.postgres '${target.definition.services.postgres}'`,
    );
  }
  return problems;
}
