import { describe, expect, it } from 'vitest';
import type { Topology } from '../env/provider.js';
import { FAULTS } from '../faults/index.js';
import type { FaultContext } from '../faults/fault.js';
import singlePodFailure from '../../scenarios/single-pod-failure.js';
import { DEFAULT_MAX_WAIT_SECONDS, MIN_MAX_WAIT_MS, planFaults, resolveTarget } from './fault-plan.js';
import type { ScenarioDefinition } from './scenario.js';
import { awaitTarget, PodClaims, targetDown } from './target-wait.js';

/** Four pods over three zones: pod-a and pod-d in a, pod-b in b, pod-c in c. */
const scenario = (faults: ScenarioDefinition['faults']): ScenarioDefinition => ({
  ...singlePodFailure,
  topology: { pods: 4, zones: ['a', 'b', 'c'], standby: true, databaseZone: 'a' },
  timeline: { warmup: 5, steadyState: 10, observe: 60, settle: 5 },
  faults,
});

const RANDOM_TWICE = scenario([
  { at: 0, fault: 'pod-kill', target: { pod: 'random' }, healAfter: 10 },
  { at: 30, fault: 'zone-loss', target: { zone: 'random' }, healAfter: 10 },
]);

describe('fault plan: drawn from the seed before the run', () => {
  it('the same seed gives the same plan', () => {
    expect(planFaults(RANDOM_TWICE, 7, 0.1)).toEqual(planFaults(RANDOM_TWICE, 7, 0.1));
  });

  it('different seeds can give different targets', () => {
    const plans = Array.from({ length: 20 }, (_, seed) =>
      JSON.stringify(planFaults(RANDOM_TWICE, seed, 0.1).steps.map((s) => s.target)),
    );
    expect(new Set(plans).size).toBeGreaterThan(1);
  });

  it("draws 'random' pods and zones over the planned topology, every one of them reachable", () => {
    const pods = new Set<string>();
    const zones = new Set<string>();
    for (let seed = 0; seed < 200; seed++) {
      const [kill, loss] = planFaults(RANDOM_TWICE, seed, 1).steps;
      pods.add((kill!.target as { pod: string }).pod);
      zones.add((loss!.target as { zone: string }).zone);
    }
    expect([...pods].sort()).toEqual(['pod-a', 'pod-b', 'pod-c', 'pod-d']);
    expect([...zones].sort()).toEqual(['a', 'b', 'c']);
  });

  it('records times (scaled), the concrete target, the pods it covers, params and the wait policy', () => {
    const plan = planFaults(
      scenario([
        { at: 0, fault: 'complete-outage', target: { pod: 'all' }, healAfter: 30 },
        { at: 5, fault: 'pod-kill', target: { pod: 'pod-b' }, ifTargetDown: 'skip' },
        {
          at: 10,
          fault: 'zone-loss',
          target: { zone: 'a' },
          params: { databaseZone: 'a' },
          maxWait: 20,
        },
        { at: 20, fault: 'link-latency', target: { link: 'pod-c->redis' }, params: { latencyMs: 300 } },
        { at: 25, fault: 'redis-stop', target: { component: 'redis' } },
        { at: 30, fault: 'pod-kill', target: { podOfClient: 'browser-1' } },
      ]),
      3,
      0.1,
    );
    expect(plan.seed).toBe(3);
    expect(plan.timeScale).toBe(0.1);
    expect(plan.pods).toEqual([
      { name: 'pod-a', zone: 'a' },
      { name: 'pod-b', zone: 'b' },
      { name: 'pod-c', zone: 'c' },
      { name: 'pod-d', zone: 'a' },
    ]);
    const defaultWait = Math.max(MIN_MAX_WAIT_MS, DEFAULT_MAX_WAIT_SECONDS * 100);
    expect(plan.steps).toEqual([
      {
        id: 'complete-outage-1',
        fault: 'complete-outage',
        plannedAt: 0,
        healAfter: 3000,
        target: { pod: 'all' },
        pods: ['pod-a', 'pod-b', 'pod-c', 'pod-d'],
        params: {},
        ifTargetDown: 'wait',
        maxWaitMs: defaultWait,
      },
      {
        id: 'pod-kill-2',
        fault: 'pod-kill',
        plannedAt: 500,
        healAfter: null,
        target: { pod: 'pod-b' },
        pods: ['pod-b'],
        params: {},
        ifTargetDown: 'skip',
        maxWaitMs: defaultWait,
      },
      {
        id: 'zone-loss-3',
        fault: 'zone-loss',
        plannedAt: 1000,
        healAfter: null,
        target: { zone: 'a' },
        pods: ['pod-a', 'pod-d'],
        params: { databaseZone: 'a' },
        ifTargetDown: 'wait',
        maxWaitMs: 2000,
      },
      {
        id: 'link-latency-4',
        fault: 'link-latency',
        plannedAt: 2000,
        healAfter: null,
        target: { link: 'pod-c->redis' },
        pods: [],
        params: { latencyMs: 300 },
        ifTargetDown: 'wait',
        maxWaitMs: defaultWait,
      },
      expect.objectContaining({ id: 'redis-stop-5', target: { component: 'redis' }, pods: [] }),
      // Which pod serves a client is live state by definition: left to the fault's time.
      expect.objectContaining({ id: 'pod-kill-6', target: { podOfClient: 'browser-1' }, pods: [] }),
    ]);
  });

  it('a step keeps its draw when another step changes', () => {
    const one = planFaults(RANDOM_TWICE, 11, 1).steps[1];
    const edited = planFaults(
      scenario([{ at: 5, fault: 'pod-terminate', target: { pod: 'random' } }, RANDOM_TWICE.faults[1]!]),
      11,
      1,
    ).steps[1];
    expect(edited).toEqual(one);
  });

  it('refuses a target the planned topology cannot have', () => {
    expect(() =>
      planFaults(scenario([{ at: 0, fault: 'pod-kill', target: { pod: 'pod-z' } }]), 1, 1),
    ).toThrow(/fault pod-kill-1: no pod named pod-z; pods: pod-a, pod-b, pod-c, pod-d/);
    const twoPods = { ...RANDOM_TWICE, topology: { ...RANDOM_TWICE.topology, pods: 2 } };
    expect(() =>
      planFaults({ ...twoPods, faults: [{ at: 0, fault: 'zone-loss', target: { zone: 'c' } }] }, 1, 1),
    ).toThrow(/no pod in zone c; zones with pods: a, b/);
  });

  it('resolveTarget never looks at anything but the pods it is given', () => {
    const draws: number[] = [];
    const random = () => {
      draws.push(0);
      return 0.99;
    };
    const pods = [
      { name: 'pod-a', zone: 'a' },
      { name: 'pod-b', zone: 'b' },
    ];
    expect(resolveTarget({ pod: 'random' }, pods, random)).toEqual({ pod: 'pod-b' });
    expect(resolveTarget({ zone: 'random' }, pods, random)).toEqual({ zone: 'b' });
    expect(resolveTarget({ pod: 'pod-a' }, pods, random)).toEqual({ pod: 'pod-a' });
    expect(resolveTarget({ component: 'database' }, pods, random)).toEqual({ component: 'database' });
    expect(draws).toHaveLength(2);
  });
});

describe('faults never draw a target themselves', () => {
  it("refuses 'random': the plan resolves it before the fault is created", () => {
    const ctx = {
      topology: { pods: [{ name: 'pod-a', zone: 'a', url: '' }], links: [], isPodRunning: () => true },
      random: () => 0,
      sink: { record: (e: unknown) => e },
    } as unknown as FaultContext;
    for (const fault of ['pod-kill', 'pod-terminate', 'client-link-blackhole']) {
      expect(() => FAULTS[fault]!.create({ pod: 'random' }, {}, ctx), fault).toThrow(/fault plan/);
    }
    expect(() => FAULTS['zone-loss']!.create({ zone: 'random' }, {}, ctx)).toThrow(/fault plan/);
  });
});

describe('a planned target at its time', () => {
  const topology = (running: Set<string>): Pick<Topology, 'pods' | 'isPodRunning'> => ({
    pods: ['pod-a', 'pod-b'].map((name) => ({ name, zone: 'a', url: '' })),
    isPodRunning: (pod) => running.has(pod),
  });

  it('is down when a pod is gone, not running, or held by an earlier fault', () => {
    const claims = new PodClaims();
    const free = claims.busyWith;
    expect(targetDown({ pods: ['pod-a'] }, topology(new Set(['pod-a'])), free)).toBeNull();
    expect(targetDown({ pods: [] }, topology(new Set()), free)).toBeNull();
    expect(targetDown({ pods: ['pod-b'] }, topology(new Set(['pod-a'])), free)).toBe('pod-b is not running');
    expect(targetDown({ pods: ['pod-x'] }, topology(new Set(['pod-x'])), free)).toBe(
      'pod-x is not in the topology',
    );
    const running = topology(new Set(['pod-a', 'pod-b']));
    const healing = claims.hold(['pod-a'], 'pod-kill-1 is healing it');
    const injecting = claims.hold(['pod-a', 'pod-b'], 'pod-kill-2 is being injected');
    expect(targetDown({ pods: ['pod-a'] }, running, claims.busyWith)).toBe(
      'pod-a is busy: pod-kill-1 is healing it',
    );
    healing();
    healing();
    expect(targetDown({ pods: ['pod-a'] }, running, claims.busyWith)).toBe(
      'pod-a is busy: pod-kill-2 is being injected',
    );
    injecting();
    expect(targetDown({ pods: ['pod-a', 'pod-b'] }, running, claims.busyWith)).toBeNull();
  });

  it('is waited for until it is up, or for the limit, with how long and why', async () => {
    let now = 0;
    let looks = 0;
    const clock = { now: () => now, pollMs: 1 };
    const upAfter = (n: number) => () => {
      looks += 1;
      now += 10;
      return looks > n ? null : `pod-a is not running (${looks})`;
    };
    expect(await awaitTarget(upAfter(0), 1000, clock)).toEqual({ up: true, waitedMs: 0, reason: null });
    looks = 0;
    now = 0;
    expect(await awaitTarget(upAfter(3), 1000, clock)).toEqual({
      up: true,
      waitedMs: 30,
      reason: 'pod-a is not running (1)',
    });
    looks = 0;
    now = 0;
    const gaveUp = await awaitTarget(upAfter(100), 50, clock);
    expect(gaveUp.up).toBe(false);
    expect(gaveUp.waitedMs).toBeGreaterThanOrEqual(50);
    expect(gaveUp.reason).toMatch(/pod-a is not running/);
    looks = 0;
    now = 0;
    // 'skip': a single look.
    expect(await awaitTarget(upAfter(1), 0, clock)).toEqual({
      up: false,
      waitedMs: 0,
      reason: 'pod-a is not running (1)',
    });
  });
});
