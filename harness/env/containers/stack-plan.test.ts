import { describe, expect, it } from 'vitest';
import { settingsFromConfig } from './attach.js';
import { decodeLogFrames, logFileName } from './container-ops.js';
import { exitStatusOf } from './docker-engine.js';
import { OFFICIAL_IMAGES, OFFLINE_IMAGES } from './images.js';
import { haproxyConfigFor, LABEL, linkPorts, planStack, PORTS } from './stack-plan.js';
import type { TopologySpec } from '../provider.js';
import { referencePod, referenceServices } from '../../targets/reference.js';

const SPEC: TopologySpec = {
  pods: 3,
  zones: ['a', 'b', 'c'],
  services: referenceServices(),
  databaseZone: 'a',
  pod: referencePod({ PING_INTERVAL_MS: '2500', PORT: '1', DATABASE_URL: 'postgres://elsewhere' }),
  timeScale: 0.1,
  logDir: '/tmp/unused',
};
const LB = { affinity: true, allowUpgrade: true, tunnelTimeoutMs: 8_000, checkIntervalMs: 1_500 };

describe('the containers topology as data', () => {
  const plan = planStack(SPEC, { runId: 'drill-test', images: OFFLINE_IMAGES, loadBalancer: LB });

  it('has the local topology: three pods over the zones, HAProxy, primary and standby, Redis, a fault proxy', () => {
    expect(plan.containers.map((c) => c.alias).sort()).toEqual(
      [
        'fault-proxy',
        'haproxy',
        'pod-a',
        'pod-b',
        'pod-c',
        'postgres-primary',
        'postgres-standby',
        'redis',
      ].sort(),
    );
    expect(plan.pods).toEqual([
      { name: 'pod-a', zone: 'a' },
      { name: 'pod-b', zone: 'b' },
      { name: 'pod-c', zone: 'c' },
    ]);
    const standby = plan.containers.find((c) => c.alias === 'postgres-standby')!;
    expect(standby.labels[LABEL.zone], 'the standby lives in another zone than the primary').toBe('b');
  });

  it('labels every container with the run, and each pod with its name and zone', () => {
    for (const c of plan.containers) expect(c.labels[LABEL.run], c.alias).toBe('drill-test');
    const podB = plan.containers.find((c) => c.alias === 'pod-b')!;
    expect(podB.labels).toMatchObject({ [LABEL.role]: 'gateway', [LABEL.pod]: 'pod-b', [LABEL.zone]: 'b' });
  });

  it('puts every pod link through the fault proxy, and the pods reach Redis and PostgreSQL only through it', () => {
    expect(plan.links.map((l) => l.name)).toEqual(
      ['a', 'b', 'c'].flatMap((x) => [`client->pod-${x}`, `pod-${x}->redis`, `pod-${x}->postgres`]),
    );
    const podB = plan.containers.find((c) => c.alias === 'pod-b')!;
    expect(podB.env.DATABASE_URL).toBe(`postgres://postgres@fault-proxy:${linkPorts(1).postgres}/drill`);
    expect(podB.env.REDIS_URL).toBe(`redis://fault-proxy:${linkPorts(1).redis}`);
    expect(podB.env.PORT, 'the provider owns the port').toBe(String(PORTS.gateway));
    expect(podB.env.PING_INTERVAL_MS).toBe('2500');
    const proxyConfig = JSON.parse(
      Object.values(plan.containers.find((c) => c.alias === 'fault-proxy')!.files)[0]!,
    ) as Array<{ name: string; upstream: string }>;
    expect(proxyConfig.find((p) => p.name === 'client->pod-b')!.upstream).toBe(`pod-b:${PORTS.gateway}`);
  });

  it('gives HAProxy the same configuration generator as the local provider, servers behind the fault proxy', () => {
    const config = Object.values(plan.containers.find((c) => c.alias === 'haproxy')!.files)[0]!;
    expect(config).toContain(`server pod-a fault-proxy:${linkPorts(0).client} cookie pod-a check`);
    expect(config).toContain(`bind 0.0.0.0:${PORTS.lbFrontend}`);
    expect(settingsFromConfig(config)).toEqual(LB);
    const refusing = haproxyConfigFor(
      [{ name: 'pod-a', port: 1 }],
      { ...LB, affinity: false, allowUpgrade: false },
      2,
    );
    expect(settingsFromConfig(refusing)).toEqual({ ...LB, affinity: false, allowUpgrade: false });
  });

  it("boots only the target's services, from its image, and links pods only to those", () => {
    const plain = planStack(
      {
        ...SPEC,
        services: { redis: false, postgres: false, standby: false },
        pod: {
          image: { name: 'my/gateway:1', env: { LISTEN: '{host}:{port}', NODE: '{pod}' }, port: 8080 },
          readinessPath: null,
          livenessPath: null,
          values: {},
        },
      },
      { runId: 'drill-test', images: OFFLINE_IMAGES, loadBalancer: LB },
    );
    expect(plain.containers.map((c) => c.alias).sort()).toEqual([
      'fault-proxy',
      'haproxy',
      'pod-a',
      'pod-b',
      'pod-c',
    ]);
    expect(plain.links.map((l) => l.name)).toEqual(['client->pod-a', 'client->pod-b', 'client->pod-c']);
    const podA = plain.containers.find((c) => c.alias === 'pod-a')!;
    expect(podA).toMatchObject({
      image: 'my/gateway:1',
      command: [],
      env: { LISTEN: '0.0.0.0:8080', NODE: 'pod-a' },
    });
    expect(podA.dependsOn).toEqual(['fault-proxy']);
    expect(plain.links[0]!.upstream).toBe('pod-a:8080');
    expect(() =>
      planStack(
        { ...SPEC, services: { redis: false, postgres: false, standby: false } },
        { runId: 'drill-test', images: OFFLINE_IMAGES, loadBalancer: LB },
      ),
    ).toThrow(/REDIS_URL: \{redisUrl\} cannot be filled/);
  });

  it('runs Toxiproxy with its own arguments when the image set has the real one', () => {
    const official = planStack(SPEC, { runId: 'drill-test', images: OFFICIAL_IMAGES, loadBalancer: LB });
    const proxy = official.containers.find((c) => c.alias === 'fault-proxy')!;
    expect(proxy.image).toBe(OFFICIAL_IMAGES.faultProxy);
    expect(proxy.command.slice(0, 2)).toEqual(['-host', '0.0.0.0']);
  });
});

describe('container helpers', () => {
  it('reads a death by signal from Docker exit codes', () => {
    expect(exitStatusOf(137)).toEqual({ code: null, signal: 'SIGKILL' });
    expect(exitStatusOf(143)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(exitStatusOf(0)).toEqual({ code: 0, signal: null });
    expect(exitStatusOf(1)).toEqual({ code: 1, signal: null });
  });

  it('decodes multiplexed log frames', () => {
    const frame = (stream: number, text: string) => {
      const payload = Buffer.from(text);
      const header = Buffer.alloc(8);
      header[0] = stream;
      header.writeUInt32BE(payload.length, 4);
      return Buffer.concat([header, payload]);
    };
    expect(decodeLogFrames(Buffer.concat([frame(1, 'out\n'), frame(2, 'err\n')]))).toBe('out\nerr\n');
  });

  it('names log files as the local provider does', () => {
    expect(logFileName('pod-a')).toBe('gateway-pod-a.log');
    expect(logFileName('postgres-primary')).toBe('postgres.log');
    expect(logFileName('haproxy')).toBe('haproxy.log');
  });
});
