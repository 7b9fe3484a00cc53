import { describe, expect, it } from 'vitest';
import type { ExitStatus, LinkToxic, Topology } from '../env/provider.js';
import type { HistoryEvent, Unstamped } from '../history/events.js';
import { completeOutage } from './complete-outage.js';
import { databaseFailover, databaseLinks } from './database-failover.js';
import type { FaultContext, FaultType, TargetSelector } from './fault.js';
import { FAULTS } from './index.js';
import { redisBlackhole, redisLinks } from './redis-blackhole.js';
import { redisStop } from './redis-stop.js';
import { planZoneLoss, zoneLoss } from './zone-loss.js';

const PODS = [
  { name: 'pod-a', zone: 'a', url: 'http://127.0.0.1:1' },
  { name: 'pod-b', zone: 'b', url: 'http://127.0.0.1:2' },
  { name: 'pod-c', zone: 'c', url: 'http://127.0.0.1:3' },
  { name: 'pod-d', zone: 'a', url: 'http://127.0.0.1:4' },
];
const LINKS = PODS.flatMap((p) => [`client->${p.name}`, `${p.name}->redis`, `${p.name}->postgres`]);

/** A topology that only records what a fault asks of it; waitHealthy sees no pod (closed ports). */
function fakeTopology() {
  const calls: string[] = [];
  const running = new Set(PODS.map((p) => p.name));
  const exit: ExitStatus = { code: null, signal: 'SIGKILL' };
  const topology: Topology = {
    provider: 'fake',
    entryUrl: 'http://127.0.0.1:0',
    pods: PODS,
    links: LINKS,
    databaseUrl: 'postgres://fake',
    killPod: async (pod) => {
      calls.push(`kill ${pod}`);
      running.delete(pod);
      return exit;
    },
    terminatePod: async () => exit,
    pausePod: async (pod) => void calls.push(`pause ${pod}`),
    resumePod: async (pod) => void calls.push(`resume ${pod}`),
    startPod: async (pod) => {
      calls.push(`start ${pod}`);
      running.add(pod);
    },
    isPodRunning: (pod) => running.has(pod),
    setLinkEnabled: async (link, enabled) => void calls.push(`${enabled ? 'enable' : 'disable'} ${link}`),
    addToxic: async (link, name, toxic: LinkToxic) =>
      void calls.push(`toxic ${link} ${name} ${toxic.type}/${toxic.stream}/${toxic.attributes.timeout}`),
    removeToxic: async (link, name) => void calls.push(`untoxic ${link} ${name}`),
    stopRedis: async () => void calls.push('stop redis'),
    startRedis: async () => void calls.push('start redis'),
    failoverDatabase: async () => void calls.push('failover database'),
    reconfigureLoadBalancer: async () => undefined,
    down: async () => undefined,
  };
  const events: Array<Unstamped<HistoryEvent>> = [];
  const ctx: FaultContext = { topology, random: () => 0.5, sink: { record: (e) => events.push(e) } };
  return { calls, events, ctx };
}

function create(type: FaultType, target: TargetSelector, params: Record<string, unknown> = {}) {
  const fake = fakeTopology();
  return { ...fake, fault: type.create(target, params, fake.ctx) };
}

describe('failover faults: plans and call order against a fake topology that records calls (real runs: tests/failover-scenarios.e2e.test.ts)', () => {
  it('are registered under their names', () => {
    for (const fault of [zoneLoss, databaseFailover, redisStop, redisBlackhole, completeOutage])
      expect(FAULTS[fault.name]).toBe(fault);
    expect(Object.keys(FAULTS)).toEqual(
      expect.arrayContaining([
        'zone-loss',
        'database-failover',
        'redis-stop',
        'redis-blackhole',
        'complete-outage',
      ]),
    );
  });

  describe('zone-loss', () => {
    it('plans every pod of the zone with its three links, and the database when its primary is there', () => {
      expect(planZoneLoss(PODS, LINKS, 'a', 'a')).toEqual({
        zone: 'a',
        pods: ['pod-a', 'pod-d'],
        links: [
          'client->pod-a',
          'pod-a->redis',
          'pod-a->postgres',
          'client->pod-d',
          'pod-d->redis',
          'pod-d->postgres',
        ],
        failoverDatabase: true,
      });
      expect(planZoneLoss(PODS, LINKS, 'b', 'a')).toMatchObject({ pods: ['pod-b'], failoverDatabase: false });
      expect(planZoneLoss(PODS, LINKS, 'b', undefined).failoverDatabase).toBe(false);
    });

    it('refuses a zone without pods, or a topology missing a link', () => {
      expect(() => planZoneLoss(PODS, LINKS, 'z', 'a')).toThrow(/no pod in zone z; zones with pods: a, b, c/);
      expect(() => planZoneLoss(PODS, LINKS.slice(1), 'a', 'a')).toThrow(/no link client->pod-a/);
    });

    it('pauses the pods, blackholes both directions of every link, then fails the database over', async () => {
      const { fault, calls, events } = create(zoneLoss, { zone: 'a' }, { databaseZone: 'a' });
      expect(fault.affectedPods).toEqual(['pod-a', 'pod-d']);
      expect(fault.unreadyPods).toEqual(['pod-a', 'pod-b', 'pod-c', 'pod-d']);
      expect(fault.targets).toContainEqual({ kind: 'database', name: 'primary' });
      await fault.inject();
      expect(calls.slice(0, 2)).toEqual(['pause pod-a', 'pause pod-d']);
      expect(calls).toContain('toxic client->pod-a drill-blackhole-upstream timeout/upstream/0');
      expect(calls).toContain('toxic pod-d->postgres drill-blackhole-downstream timeout/downstream/0');
      expect(calls.filter((c) => c.startsWith('toxic'))).toHaveLength(12);
      expect(calls.at(-1)).toBe('failover database');
      expect(events).toContainEqual({ type: 'pod.state', pod: 'pod-a', state: 'paused' });
    });

    it('leaves the database alone when the zone does not hold its primary; only the zone is unready', async () => {
      const { fault, calls } = create(zoneLoss, { zone: 'b' }, { databaseZone: 'a' });
      expect(fault.unreadyPods).toEqual(['pod-b']);
      await fault.inject();
      expect(calls).not.toContain('failover database');
    });

    it('heals by removing the toxics before resuming the pods', async () => {
      const { fault, calls, events } = create(zoneLoss, { zone: 'b' }, { readyTimeoutMs: 200 });
      await fault.inject();
      calls.length = 0;
      await fault.heal();
      expect(calls.slice(0, 6).every((c) => c.startsWith('untoxic'))).toBe(true);
      expect(calls.at(-1)).toBe('resume pod-b');
      expect(events).toContainEqual({ type: 'pod.state', pod: 'pod-b', state: 'resumed' });
      // The fake pod never answers /health: the heal says so instead of hanging.
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'note',
          level: 'warn',
          message: expect.stringMatching(/pod-b was not healthy 200 ms/),
        }),
      );
    });
  });

  describe('database-failover', () => {
    it('cuts every pod->postgres link, fails over behind the cut, and heals by restoring the links', async () => {
      expect(databaseLinks(PODS, LINKS)).toEqual(PODS.map((p) => `${p.name}->postgres`));
      const { fault, calls } = create(databaseFailover, { component: 'database' });
      expect(fault).toMatchObject({ affectedPods: [], unreadyPods: PODS.map((p) => p.name) });
      await fault.inject();
      expect(calls).toEqual([...PODS.map((p) => `disable ${p.name}->postgres`), 'failover database']);
      calls.length = 0;
      await fault.heal();
      await fault.heal();
      expect(calls).toEqual(PODS.map((p) => `enable ${p.name}->postgres`));
    });

    it('refuses any other target', () => {
      expect(() => create(databaseFailover, { pod: 'pod-a' })).toThrow(/targets \{component: 'database'\}/);
    });
  });

  describe('redis faults', () => {
    it('redis-stop stops Redis and starts it again, disturbing nobody', async () => {
      const { fault, calls } = create(redisStop, { component: 'redis' });
      expect(fault).toMatchObject({ affectedPods: [], unreadyPods: [] });
      await fault.inject();
      await fault.heal();
      await fault.heal();
      expect(calls).toEqual(['stop redis', 'start redis']);
    });

    it('redis-blackhole blackholes both directions of every pod->redis link and restores them', async () => {
      expect(redisLinks(PODS, LINKS)).toEqual(PODS.map((p) => `${p.name}->redis`));
      const { fault, calls } = create(redisBlackhole, { component: 'redis' });
      await fault.inject();
      expect(calls).toHaveLength(8);
      expect(calls.every((c) => /^toxic pod-.->redis drill-blackhole-(up|down)stream timeout/.test(c))).toBe(
        true,
      );
      calls.length = 0;
      await fault.heal();
      expect(calls).toHaveLength(8);
      expect(calls.every((c) => c.startsWith('untoxic'))).toBe(true);
    });
  });

  describe('complete-outage', () => {
    it('kills every pod and restarts them all; every pod is affected and unready', async () => {
      const { fault, calls, events } = create(completeOutage, { pod: 'all' });
      expect(fault.affectedPods).toEqual(PODS.map((p) => p.name));
      expect(fault.unreadyPods).toEqual(PODS.map((p) => p.name));
      await fault.inject();
      expect(calls).toEqual(PODS.map((p) => `kill ${p.name}`));
      calls.length = 0;
      await fault.heal();
      expect(calls).toEqual(PODS.map((p) => `start ${p.name}`));
      expect(events.filter((e) => e.type === 'pod.state' && e.state === 'ready')).toHaveLength(4);
    });

    it('refuses a single pod as target', () => {
      expect(() => create(completeOutage, { pod: 'pod-a' })).toThrow(/targets \{pod: 'all'\}/);
    });
  });
});
