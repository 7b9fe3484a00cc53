import { describe, expect, it } from 'vitest';
import type { AddPodOptions, ExitStatus, PodInfo, Topology } from '../env/provider.js';
import type { HistoryEvent, Unstamped } from '../history/events.js';
import { TokenIssuer } from '../targets/token-issuer.js';
import type { FaultContext } from './fault.js';
import { secretRotation } from './secret-rotation.js';

/**
 * A topology that only records the pods a fault adds (with their env) and removes; its URLs are
 * closed ports, so the closing probes fail to connect at once.
 */
function fakeTopology(tokens: TokenIssuer) {
  const calls: string[] = [];
  const pods: PodInfo[] = ['pod-a', 'pod-b', 'pod-c'].map((name, i) => ({
    name,
    zone: 'abc'[i]!,
    url: 'http://127.0.0.1:1',
  }));
  const exit: ExitStatus = { code: 0, signal: null };
  const topology: Topology = {
    provider: 'fake',
    entryUrl: 'http://127.0.0.1:1',
    pods,
    links: [],
    databaseUrl: 'postgres://fake',
    killPod: async () => exit,
    terminatePod: async (pod) => {
      calls.push(`terminate ${pod}`);
      return exit;
    },
    pausePod: async () => undefined,
    resumePod: async () => undefined,
    startPod: async () => undefined,
    isPodRunning: (pod) => pods.some((p) => p.name === pod),
    setLinkEnabled: async () => undefined,
    addToxic: async () => undefined,
    removeToxic: async () => undefined,
    stopRedis: async () => undefined,
    startRedis: async () => undefined,
    failoverDatabase: async () => undefined,
    reconfigureLoadBalancer: async () => undefined,
    down: async () => undefined,
    addPod: async (options: AddPodOptions = {}) => {
      const env = options.env ?? {};
      const accepts = [env.JWT_SECRET, ...(env.JWT_SECRETS ?? '').split(',')].filter(Boolean);
      const names = accepts.map((s) => (s === tokens.current ? 'signing' : 'other'));
      calls.push(`add ${options.name} in ${options.zone} accepting ${names.join('+')}`);
      const pod = { name: options.name!, zone: options.zone!, url: 'http://127.0.0.1:1' };
      pods.push(pod);
      return pod;
    },
    removePod: async (pod) => {
      pods.splice(
        pods.findIndex((p) => p.name === pod),
        1,
      );
      return exit;
    },
  };
  const events: Array<Unstamped<HistoryEvent>> = [];
  const ctx: FaultContext = {
    topology,
    random: () => 0.5,
    tokens,
    sink: {
      record: (e) => {
        events.push(e);
        if (e.type === 'secret.rotation') calls.push(`${e.step} (${e.pods.join(',')})`);
      },
    },
  };
  return { calls, events, ctx };
}

describe('secret-rotation: its plan against a fake topology that records calls (real runs: tests/security-incident.e2e.test.ts)', () => {
  it('deploys the new secret next to the old one, switches the issuer, then retires the old one, pod by pod', async () => {
    const tokens = new TokenIssuer('old-secret');
    const { calls, events, ctx } = fakeTopology(tokens);
    const fault = secretRotation.create({ component: 'load-balancer' }, {}, ctx);
    expect(fault.affectedPods).toEqual(['pod-a', 'pod-b', 'pod-c', 'pod-d', 'pod-e', 'pod-f']);
    await fault.inject();
    // Before the switch the issuer signs with the old secret: phase 1 pods accept the other (new) one and it.
    expect(calls).toEqual([
      'add pod-d in a accepting other+signing',
      'terminate pod-a',
      'add pod-e in b accepting other+signing',
      'terminate pod-b',
      'add pod-f in c accepting other+signing',
      'terminate pod-c',
      'accept-both (pod-d,pod-e,pod-f)',
      'issuer-switched (pod-d,pod-e,pod-f)',
      'add pod-g in a accepting signing',
      'terminate pod-d',
      'add pod-h in b accepting signing',
      'terminate pod-e',
      'add pod-i in c accepting signing',
      'terminate pod-f',
      'old-retired (pod-g,pod-h,pod-i)',
    ]);
    expect(tokens.previous).toEqual(['old-secret']);
    // The closing probes: an old-secret token and a new-secret control, through the LB and at each pod.
    const probes = events.filter((e) => e.type === 'auth.attempt');
    expect(probes.map((e) => `${e.kind} ${e.via}`).sort()).toEqual(
      ['load-balancer', 'pod-g', 'pod-h', 'pod-i']
        .flatMap((via) => [`old-secret ${via}`, `valid ${via}`])
        .sort(),
    );
  });

  it('keeps the old secret in JWT_SECRETS when told to (the misconfiguration), with surge 3', async () => {
    const tokens = new TokenIssuer('old-secret');
    const { calls, ctx } = fakeTopology(tokens);
    const fault = secretRotation.create(
      { component: 'load-balancer' },
      { keepOldSecret: true, surge: 3 },
      ctx,
    );
    await fault.inject();
    expect(calls.slice(0, 6)).toEqual([
      'add pod-d in a accepting other+signing',
      'add pod-e in b accepting other+signing',
      'add pod-f in c accepting other+signing',
      'terminate pod-a',
      'terminate pod-b',
      'terminate pod-c',
    ]);
    expect(calls).toContain('add pod-g in a accepting signing+other');
  });
});
