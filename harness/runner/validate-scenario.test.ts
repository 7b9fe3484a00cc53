import { describe, expect, it } from 'vitest';
import { localProvider } from '../env/local/local-provider.js';
import type { Provider } from '../env/provider.js';
import singlePodFailure from '../../scenarios/single-pod-failure.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { validateScenario } from './validate-scenario.js';

describe('scenario validation before anything boots', () => {
  it('every shipped scenario is runnable on the local provider', () => {
    for (const s of SCENARIOS) expect(validateScenario(s, localProvider), s.name).toEqual([]);
  });

  it('names an unknown fault, a pod outside the topology, an unknown criterion and a fault the provider cannot honour', () => {
    const broken = {
      ...singlePodFailure,
      faults: [
        { at: 0, fault: 'meteor-strike', target: { pod: 'random' } },
        { at: 0, fault: 'pod-kill', target: { pod: 'pod-z' } },
      ],
      criteria: [...singlePodFailure.criteria, { id: 'vibes', threshold: 0, source: 'none' }],
    };
    const problems = validateScenario(broken, localProvider);
    expect(problems[0]).toMatch(/fault 1 \(meteor-strike\): no such fault; known: pod-kill/);
    expect(problems[1]).toMatch(
      /fault 2 \(pod-kill\): targets pod-z, but the topology has pod-a, pod-b, pod-c/,
    );
    expect(problems[2]).toMatch(/no checker for criterion vibes/);
    const planned = {
      ...singlePodFailure,
      topology: { ...singlePodFailure.topology, pods: 2 },
      faults: [
        { at: 0, fault: 'zone-loss', target: { zone: 'random' } },
        { at: 0, fault: 'zone-loss', target: { zone: 'c' } },
        { at: 0, fault: 'pod-kill', target: { pod: 'random' }, ifTargetDown: 'later' as 'skip', maxWait: -1 },
      ],
    };
    expect(validateScenario(planned, localProvider)).toEqual([
      'single-pod-failure: fault 2 (zone-loss): targets zone c, but its 2 pods are in a, b',
      "single-pod-failure: fault 3 (pod-kill): ifTargetDown must be 'wait' or 'skip', got \"later\"",
      'single-pod-failure: fault 3 (pod-kill): maxWait must be a number of seconds ≥ 0, got -1',
    ]);
    const podless: Provider = { ...localProvider, name: 'podless', supports: new Set(['link.cut']) };
    expect(validateScenario(singlePodFailure, podless)).toEqual([
      'single-pod-failure: fault 1 (pod-kill): the podless provider cannot pod.kill, pod.start',
    ]);
  });
});
