import { describe, expect, it } from 'vitest';
import { localProvider } from '../env/local/local-provider.js';
import type { Provider } from '../env/provider.js';
import singlePodFailure from '../../scenarios/single-pod-failure.js';
import { SCENARIOS } from '../../scenarios/index.js';
import { validateScenario } from './validate-scenario.js';
import redisOutage from '../../scenarios/redis-outage.js';
import { referenceDefinition, referenceTarget } from '../targets/reference.js';
import type { Target } from '../targets/target.js';

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

  it('every shipped scenario is runnable against the reference target', () => {
    const reference = referenceTarget();
    for (const s of SCENARIOS) expect(validateScenario(s, localProvider, reference), s.name).toEqual([]);
  });

  it('refuses faults needing what the target lacks, capabilities or services, naming what is missing', () => {
    const plain: Target = {
      definition: {
        ...referenceDefinition(),
        name: 'plain',
        services: { redis: false, postgres: 'none' },
        capabilities: ['health'],
      },
      baseDir: '/tmp',
      adapter: referenceTarget().adapter,
      capabilities: new Set(['health']),
    };
    const scenario = {
      ...singlePodFailure,
      faults: [
        ...redisOutage.faults,
        { at: 1, fault: 'database-failover', target: { component: 'database' } },
        { at: 1, fault: 'connection-flood', target: { pod: 'random' } },
      ],
    } as typeof singlePodFailure;
    const problems = validateScenario(scenario, localProvider, plain);
    expect(problems.join('\n')).toMatch(/needs Redis, but target plain has none/);
    expect(problems.join('\n')).toMatch(
      /needs a PostgreSQL standby, but target plain has services.postgres 'none'/,
    );
    expect(problems.join('\n')).toMatch(/target plain lacks capability drill-protocol/);
    expect(problems.join('\n')).toMatch(/target plain lacks capability jwt-auth/);
  });
});
