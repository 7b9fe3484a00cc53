// The containers topology as data: every container with its image, command, environment, labels,
// network alias and ports, and every link the fault proxy carries. The provider boots it with
// testcontainers; docker-compose.yml is rendered from the same plan, so both are one topology.
import { readFileSync } from 'node:fs';
import { renderHaproxyConfig } from '../local/haproxy.js';
import { podName } from '../pod-names.js';
import type { LinkName, LoadBalancerSettings, TopologyServices, TopologySpec } from '../provider.js';
import { podEnvironment } from '../pod-env.js';
import type { ImageLaunch } from '../../targets/target.js';
import type { ImageSet } from './images.js';

export const PORTS = {
  gateway: 3000,
  postgres: 5432,
  redis: 6379,
  faultProxyApi: 8474,
  lbFrontend: 8080,
  lbStats: 8404,
  lbRuntime: 9999,
  /** first link listener inside the fault proxy; each pod takes three: client, redis, postgres */
  firstLink: 20000,
} as const;

export const LABEL = {
  run: 'drill.run',
  role: 'drill.role',
  pod: 'drill.pod',
  zone: 'drill.zone',
  timeScale: 'drill.time-scale',
} as const;

export type Role = 'gateway' | 'haproxy' | 'postgres-primary' | 'postgres-standby' | 'redis' | 'fault-proxy';

export const DATABASE = 'drill';
export const HAPROXY_CONFIG = '/drill/haproxy.cfg';
export const HAPROXY_SERVER_STATE = '/drill/server-state';
const POSTGRES_SCRIPT_PATH = '/drill-src/postgres-start.sh';
const HAPROXY_SOURCE = '/drill-src/haproxy.cfg';
const FAULT_PROXY_CONFIG = '/drill-src/fault-proxy.json';

export interface ContainerPlan {
  /** network alias, also the compose service name: pod-a, haproxy, postgres-primary, … */
  alias: string;
  role: Role;
  image: string;
  command: string[];
  env: Record<string, string>;
  labels: Record<string, string>;
  /** container ports to publish on the host's loopback */
  ports: number[];
  /** files written into the container before it starts (path → content) */
  files: Record<string, string>;
  /** files of this repository it reads (path in the container → path from the repository root) */
  sources: Record<string, string>;
  /** a command run inside the container that succeeds once it serves (compose healthcheck) */
  healthcheck: string[];
  /** aliases this one waits for (healthy) before it starts */
  dependsOn: string[];
}

export interface LinkPlan {
  name: LinkName;
  listen: string;
  upstream: string;
}

export interface StackPlan {
  containers: ContainerPlan[];
  links: LinkPlan[];
  pods: Array<{ name: string; zone: string }>;
}

import { clientLink, postgresLink, redisLink } from '../topology-defaults.js';

export { clientLink, postgresLink, redisLink };

export function linkPorts(index: number): { client: number; redis: number; postgres: number } {
  const base = PORTS.firstLink + index * 3;
  return { client: base, redis: base + 1, postgres: base + 2 };
}

/** The port a pod listens on inside its container: the target image's. */
export function podPort(spec: Pick<TopologySpec, 'pod'>): number {
  return spec.pod.image?.port ?? PORTS.gateway;
}

/**
 * A pod's links: to it from the clients, from it to the services the topology has (its database
 * link to `databaseHost`: the primary, or after a failover the promoted standby).
 */
export function podLinkPlans(
  name: string,
  index: number,
  services: Pick<TopologyServices, 'redis' | 'postgres'> = { redis: true, postgres: true },
  port: number = PORTS.gateway,
  databaseHost: 'postgres-primary' | 'postgres-standby' = 'postgres-primary',
): LinkPlan[] {
  const ports = linkPorts(index);
  return [
    { name: clientLink(name), listen: `0.0.0.0:${ports.client}`, upstream: `${name}:${port}` },
    ...(services.redis
      ? [{ name: redisLink(name), listen: `0.0.0.0:${ports.redis}`, upstream: `redis:${PORTS.redis}` }]
      : []),
    ...(services.postgres
      ? [
          {
            name: postgresLink(name),
            listen: `0.0.0.0:${ports.postgres}`,
            upstream: `${databaseHost}:${PORTS.postgres}`,
          },
        ]
      : []),
  ];
}

/** The target's image launch, or a clear error. */
export function imageLaunchOf(spec: Pick<TopologySpec, 'pod'>): ImageLaunch {
  const image = spec.pod.image;
  if (!image) throw new Error('containers provider: the target has no image to start its pods from');
  return image;
}

/**
 * A pod's env: the target image's template filled with the pod's own values (its port, name, zone,
 * the fault proxy's links to the services) and the run's, the scenario's variables over it, then
 * `overrides` (a pod's version).
 */
export function podEnv(
  spec: Pick<TopologySpec, 'pod' | 'services'>,
  name: string,
  zone: string,
  index: number,
  overrides?: Record<string, string>,
): Record<string, string> {
  const ports = linkPorts(index);
  return podEnvironment(
    imageLaunchOf(spec).env,
    spec.pod,
    {
      port: podPort(spec),
      host: '0.0.0.0',
      pod: name,
      zone,
      ...(spec.services.postgres
        ? { databaseUrl: `postgres://postgres@fault-proxy:${ports.postgres}/${DATABASE}` }
        : {}),
      ...(spec.services.redis ? { redisUrl: `redis://fault-proxy:${ports.redis}` } : {}),
    },
    overrides,
  );
}

/** `{appImage}` in a target's image name is the harness's own app image (the reference's). */
export function imageName(launch: ImageLaunch, images: ImageSet): string {
  return launch.name.replaceAll('{appImage}', images.gateway);
}

export function gatewayPlan(
  images: ImageSet,
  name: string,
  zone: string,
  index: number,
  env: Record<string, string>,
  labels: Record<string, string>,
  spec: Pick<TopologySpec, 'pod' | 'services'>,
): ContainerPlan {
  const launch = imageLaunchOf(spec);
  const port = podPort(spec);
  const readiness = spec.pod.readinessPath;
  return {
    alias: name,
    role: 'gateway',
    image: imageName(launch, images),
    command: [...(launch.command ?? [])],
    env,
    labels: { ...labels, [LABEL.role]: 'gateway', [LABEL.pod]: name, [LABEL.zone]: zone },
    ports: [port],
    files: {},
    sources: {},
    healthcheck: [
      'node',
      '-e',
      readiness === null
        ? `require('net').connect(${port},'127.0.0.1').on('connect',()=>process.exit(0)).on('error',()=>process.exit(1))`
        : `fetch('http://127.0.0.1:${port}${readiness}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
    ],
    dependsOn: [
      'fault-proxy',
      ...(spec.services.postgres ? ['postgres-primary'] : []),
      ...(spec.services.redis ? ['redis'] : []),
    ],
  };
}

export function haproxyConfigFor(
  servers: ReadonlyArray<{ name: string; port: number }>,
  settings: LoadBalancerSettings,
  generation: number,
): string {
  return renderHaproxyConfig({
    frontendPort: PORTS.lbFrontend,
    statsPort: PORTS.lbStats,
    statsSocket: `ipv4@0.0.0.0:${PORTS.lbRuntime}`,
    bindAddress: '0.0.0.0',
    serverStateFile: HAPROXY_SERVER_STATE,
    servers: servers.map((s) => ({ name: s.name, host: 'fault-proxy', port: s.port })),
    settings,
    generation,
  });
}

const POSTGRES_SCRIPT_SOURCE = 'harness/env/containers/postgres-start.sh';

/** The content of a repository file a container reads (ContainerPlan.sources). */
export function sourceContent(fromRepoRoot: string): string {
  return readFileSync(new URL(`../../../${fromRepoRoot}`, import.meta.url), 'utf8');
}

function faultProxyCommand(images: ImageSet, seed: number): string[] {
  // The Toxiproxy image's entrypoint is /toxiproxy: its command is the arguments.
  return images.faultProxyKind === 'toxiproxy'
    ? ['-host', '0.0.0.0', '-port', String(PORTS.faultProxyApi), '-config', FAULT_PROXY_CONFIG]
    : [
        'node',
        '--import',
        'tsx',
        'harness/faults/proxy/main.ts',
        '--host',
        '0.0.0.0',
        '--port',
        String(PORTS.faultProxyApi),
        '--seed',
        String(seed),
        '--config',
        FAULT_PROXY_CONFIG,
      ];
}

export interface PlanOptions {
  /** the run's label value: every container carries drill.run=<runId> */
  runId: string;
  images: ImageSet;
  /** settings HAProxy starts with (the provider starts with fast checks, then reloads) */
  loadBalancer: LoadBalancerSettings;
}

export function planStack(spec: TopologySpec, options: PlanOptions): StackPlan {
  const { images } = options;
  const labels = { [LABEL.run]: options.runId, [LABEL.timeScale]: String(spec.timeScale) };
  const pods = Array.from({ length: spec.pods }, (_, i) => ({
    name: podName(i),
    zone: spec.zones[i % spec.zones.length]!,
  }));
  const links = pods.flatMap((pod, i) => podLinkPlans(pod.name, i, spec.services, podPort(spec)));
  const zoneIndex = Math.max(0, spec.zones.indexOf(spec.databaseZone));
  const standbyZone = spec.zones[(zoneIndex + 1) % spec.zones.length] ?? spec.databaseZone;
  const pgHealth = ['pg_isready', '-h', '127.0.0.1', '-p', String(PORTS.postgres), '-U', 'postgres'];

  const { services } = spec;
  const primary: ContainerPlan[] = [
    {
      alias: 'postgres-primary',
      role: 'postgres-primary',
      image: images.postgres,
      command: ['bash', POSTGRES_SCRIPT_PATH, 'primary'],
      env: {
        DRILL_DATABASE: DATABASE,
        DRILL_SYNCHRONOUS_STANDBY: services.standby ? 'drill_standby' : '',
      },
      labels: { ...labels, [LABEL.role]: 'postgres-primary', [LABEL.zone]: spec.databaseZone },
      ports: [PORTS.postgres],
      files: {},
      sources: { [POSTGRES_SCRIPT_PATH]: POSTGRES_SCRIPT_SOURCE },
      healthcheck: pgHealth,
      dependsOn: [],
    },
    ...(services.standby
      ? [
          {
            alias: 'postgres-standby',
            role: 'postgres-standby',
            image: images.postgres,
            command: ['bash', POSTGRES_SCRIPT_PATH, 'standby'],
            env: { DRILL_PRIMARY_HOST: 'postgres-primary', DRILL_APPLICATION_NAME: 'drill_standby' },
            labels: { ...labels, [LABEL.role]: 'postgres-standby', [LABEL.zone]: standbyZone },
            ports: [PORTS.postgres],
            files: {},
            sources: { [POSTGRES_SCRIPT_PATH]: POSTGRES_SCRIPT_SOURCE },
            healthcheck: pgHealth,
            dependsOn: ['postgres-primary'],
          } satisfies ContainerPlan,
        ]
      : []),
  ];
  const redis: ContainerPlan[] = [
    {
      alias: 'redis',
      role: 'redis',
      image: images.redis,
      command: [
        'redis-server',
        '--port',
        String(PORTS.redis),
        '--bind',
        '0.0.0.0',
        '--protected-mode',
        'no',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      env: {},
      labels: { ...labels, [LABEL.role]: 'redis' },
      ports: [],
      files: {},
      sources: {},
      healthcheck: ['redis-cli', '-p', String(PORTS.redis), 'ping'],
      dependsOn: [],
    },
  ];
  const containers: ContainerPlan[] = [
    ...(services.postgres ? primary : []),
    ...(services.redis ? redis : []),
    {
      alias: 'fault-proxy',
      role: 'fault-proxy',
      image: images.faultProxy,
      command: faultProxyCommand(images, spec.seed ?? 0),
      env: {},
      labels: { ...labels, [LABEL.role]: 'fault-proxy' },
      ports: [PORTS.faultProxyApi],
      files: {
        [FAULT_PROXY_CONFIG]: `${JSON.stringify(
          links.map((l) => ({ name: l.name, listen: l.listen, upstream: l.upstream, enabled: true })),
          null,
          2,
        )}\n`,
      },
      sources: {},
      healthcheck:
        images.faultProxyKind === 'toxiproxy'
          ? ['/toxiproxy-cli', 'list']
          : [
              'node',
              '-e',
              `fetch('http://127.0.0.1:${PORTS.faultProxyApi}/version').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
            ],
      dependsOn: [],
    },
    ...pods.map((pod, i) =>
      gatewayPlan(images, pod.name, pod.zone, i, podEnv(spec, pod.name, pod.zone, i), labels, spec),
    ),
    {
      alias: 'haproxy',
      role: 'haproxy',
      image: images.haproxy,
      command: [
        'sh',
        '-c',
        `cp ${HAPROXY_SOURCE} ${HAPROXY_CONFIG} && echo 1 > ${HAPROXY_SERVER_STATE} && exec haproxy -W -db -f ${HAPROXY_CONFIG}`,
      ],
      env: {},
      labels: { ...labels, [LABEL.role]: 'haproxy' },
      ports: [PORTS.lbFrontend, PORTS.lbStats, PORTS.lbRuntime],
      files: {
        [HAPROXY_SOURCE]: haproxyConfigFor(
          pods.map((pod, i) => ({ name: pod.name, port: linkPorts(i).client })),
          options.loadBalancer,
          1,
        ),
      },
      sources: {},
      healthcheck: ['sh', '-c', `haproxy -c -q -f ${HAPROXY_CONFIG}`],
      dependsOn: pods.map((p) => p.name),
    },
  ];
  return { containers, links, pods };
}
