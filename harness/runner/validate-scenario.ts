import { CHECKERS } from '../checkers/index.js';
import { plannedPods } from '../env/pod-names.js';
import type { Provider } from '../env/provider.js';
import { FAULTS } from '../faults/index.js';
import type { ScenarioDefinition } from './scenario.js';

/** Problems that would make a run meaningless, found before anything boots. Empty: runnable. */
export function validateScenario(scenario: ScenarioDefinition, provider: Provider): string[] {
  const problems: string[] = [];
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
    const missing = type.requires.filter((p) => !provider.supports.has(p));
    if (missing.length > 0)
      problems.push(`${where}: the ${provider.name} provider cannot ${missing.join(', ')}`);
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
  for (const c of scenario.criteria) {
    if (!CHECKERS[c.id])
      problems.push(
        `${scenario.name}: no checker for criterion ${c.id}; known: ${Object.keys(CHECKERS).join(', ')}`,
      );
  }
  if (scenario.criteria.length === 0) problems.push(`${scenario.name}: no criteria to judge`);
  return problems;
}
