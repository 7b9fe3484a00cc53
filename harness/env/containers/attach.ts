// Attaching to a stack that is already running (docker-compose.yml, or a provider run kept alive):
// the same Topology, found by the containers' labels; down() leaves the stack running.
import type Dockerode from 'dockerode';
import path from 'node:path';
import { mkdirSync } from 'node:fs';
import type { LoadBalancerSettings, Provider, TopologySpec } from '../provider.js';
import { ContainerOps } from './container-ops.js';
import { queryAt } from './pg-query.js';
import { docker, dockerUnavailableReason } from './docker-engine.js';
import { HaproxyContainer } from './haproxy-container.js';
import { containersTopology, type ContainersTopology, type PodHandle } from './containers-topology.js';
import { HAPROXY_CONFIG, LABEL, podEnv, PORTS, type LinkPlan } from './stack-plan.js';
import { podName } from '../pod-names.js';
import { placeholdersOf } from '../../targets/env-template.js';
import { containersProvider } from './containers-provider.js';
import { terminationGraceOf } from '../topology-defaults.js';

/** The run label docker-compose.yml gives every container. */
export const COMPOSE_RUN_ID = 'compose';

/**
 * Pod settings that must be the same in the stack as in the run, or its verdicts mean nothing: the
 * target template's variables of these placeholders, and its fixed ones (no placeholder).
 */
const MUST_MATCH: readonly string[] = [
  'pingIntervalMs',
  'pingTimeoutMs',
  'drainTimeoutMs',
  'terminationGraceMs',
  'presenceTtlMs',
  'defects',
];

/** Variable → the value the run gives it, for the variables that must match. */
function mustMatch(spec: TopologySpec): Record<string, string> {
  const template = spec.pod.image?.env ?? {};
  const want = podEnv(spec, podName(0), spec.zones[0] ?? '', 0);
  return Object.fromEntries(
    Object.entries(template)
      .filter(([, t]) => {
        const used = placeholdersOf(t);
        return used.length === 0 || used.some((p) => MUST_MATCH.includes(p));
      })
      .map(([variable]) => [variable, want[variable] ?? '']),
  );
}

export interface AttachedStack {
  runId: string;
  /** the environment of each gateway container, as it runs */
  podEnv: Record<string, Record<string, string>>;
  timeScale: number | undefined;
}

async function listStack(engine: Dockerode, runId: string): Promise<Dockerode.ContainerInfo[]> {
  return engine.listContainers({ all: true, filters: { label: [`${LABEL.run}=${runId}`] } });
}

function envOf(info: Dockerode.ContainerInspectInfo): Record<string, string> {
  return Object.fromEntries(
    (info.Config.Env ?? []).map((line) => {
      const at = line.indexOf('=');
      return [line.slice(0, at), line.slice(at + 1)];
    }),
  );
}

function hostPort(info: Dockerode.ContainerInspectInfo, containerPort: number): number {
  const binding = info.NetworkSettings.Ports?.[`${containerPort}/tcp`]?.[0]?.HostPort;
  if (!binding) throw new Error(`${info.Name.slice(1)} does not publish port ${containerPort}`);
  return Number(binding);
}

/** What a running stack is (for `drill run --attach`: its JWT secret and time scale). */
export async function inspectStack(runId = COMPOSE_RUN_ID): Promise<AttachedStack> {
  const unavailable = await dockerUnavailableReason();
  if (unavailable) throw new Error(`containers provider: ${unavailable}`);
  const engine = docker();
  const found = await listStack(engine, runId);
  if (found.length === 0)
    throw new Error(
      `containers provider: no running stack labelled ${LABEL.run}=${runId}; start one with scripts/compose up`,
    );
  const podEnv: Record<string, Record<string, string>> = {};
  let timeScale: number | undefined;
  for (const c of found) {
    if (c.Labels[LABEL.timeScale]) timeScale = Number(c.Labels[LABEL.timeScale]);
    if (c.Labels[LABEL.role] !== 'gateway') continue;
    podEnv[c.Labels[LABEL.pod]!] = envOf(await engine.getContainer(c.Id).inspect());
  }
  return { runId, podEnv, timeScale };
}

/** HAProxy's settings, read back from the configuration it runs (the reverse of haproxyConfigFor). */
export function settingsFromConfig(config: string): LoadBalancerSettings {
  const ms = (pattern: RegExp, what: string): number => {
    const match = pattern.exec(config);
    if (!match) throw new Error(`the running HAProxy configuration has no ${what}`);
    return Number(match[1]);
  };
  return {
    affinity: /^\s*cookie SERVERID /m.test(config),
    allowUpgrade: !/http-request deny .*websocket/.test(config),
    tunnelTimeoutMs: ms(/^\s*timeout tunnel (\d+)ms/m, 'timeout tunnel'),
    checkIntervalMs: ms(/^\s*default-server inter (\d+)ms/m, 'check interval'),
  };
}

export interface AttachOptions {
  /**
   * false: no check that the stack fits the spec (`drill fault`, which builds its spec from the stack
   * itself and judges nothing). Default true.
   */
  checkFit?: boolean;
}

export async function attachStack(
  spec: TopologySpec,
  runId = COMPOSE_RUN_ID,
  options: AttachOptions = {},
): Promise<ContainersTopology> {
  const stack = await inspectStack(runId);
  const engine = docker();
  const problems: string[] = [];
  const checkFit = options.checkFit ?? true;
  if (stack.timeScale !== undefined && stack.timeScale !== spec.timeScale)
    problems.push(`the stack runs at time scale ${stack.timeScale}, this run asks ${spec.timeScale}`);
  const wanted = mustMatch(spec);
  for (const [pod, env] of Object.entries(stack.podEnv)) {
    for (const [key, want] of Object.entries(wanted)) {
      const have = env[key] ?? '';
      if (want !== have)
        problems.push(
          `${pod} runs with ${key}=${have || '(unset)'}, the scenario needs ${want || '(unset)'}`,
        );
    }
  }
  if (Object.keys(stack.podEnv).length !== spec.pods)
    problems.push(
      `the stack has ${Object.keys(stack.podEnv).length} gateway pods, the scenario needs ${spec.pods}`,
    );
  if (checkFit && problems.length > 0)
    throw new Error(
      `containers provider: the running stack does not fit this scenario:\n  ${problems.join('\n  ')}\n` +
        'Regenerate docker-compose.yml for it (npm run compose:generate -- --help) or run without --attach.',
    );

  const found = await listStack(engine, runId);
  const inspect = async (role: string) => {
    const info = found.find((c) => c.Labels[LABEL.role] === role);
    return info ? engine.getContainer(info.Id).inspect() : undefined;
  };
  const alias = (info: Dockerode.ContainerInspectInfo) =>
    info.Config.Labels[LABEL.pod] ?? info.Config.Labels[LABEL.role] ?? info.Name.slice(1);
  const ops = (info: Dockerode.ContainerInspectInfo) =>
    new ContainerOps(engine.getContainer(info.Id), alias(info));
  const required = async (role: string) => {
    const info = await inspect(role);
    if (!info) throw new Error(`containers provider: the stack ${runId} has no ${role} container`);
    return info;
  };
  const [lb, proxy, primary, redis] = await Promise.all(
    ['haproxy', 'fault-proxy', 'postgres-primary', 'redis'].map(required),
  );
  const standby = await inspect('postgres-standby');
  const gateways = await Promise.all(
    found.filter((c) => c.Labels[LABEL.role] === 'gateway').map((c) => engine.getContainer(c.Id).inspect()),
  );
  gateways.sort((a, b) => alias(a).localeCompare(alias(b)));

  const faultProxyApiUrl = `http://127.0.0.1:${hostPort(proxy!, PORTS.faultProxyApi)}`;
  const proxies = (await (await fetch(`${faultProxyApiUrl}/proxies`)).json()) as Record<
    string,
    { name: string; listen: string; upstream: string }
  >;
  const links: LinkPlan[] = Object.values(proxies).map((p) => ({
    name: p.name,
    listen: p.listen,
    upstream: p.upstream,
  }));
  const lbOps = ops(lb!);
  const config = await lbOps.exec(['cat', HAPROXY_CONFIG]);
  const servers = [...config.matchAll(/^\s*server (\S+) fault-proxy:(\d+)/gm)].map((m) => ({
    name: m[1]!,
    port: Number(m[2]),
  }));
  const haproxy = new HaproxyContainer(
    lbOps,
    { host: '127.0.0.1', port: hostPort(lb!, PORTS.lbRuntime) },
    { settings: settingsFromConfig(config), servers },
  );
  await haproxy.adoptRunningGeneration();

  const pods: PodHandle[] = gateways.map((info) => {
    const name = alias(info);
    const client = links.find((l) => l.name === `client->${name}`);
    const port = client ? Number(client.listen.split(':').pop()) : PORTS.firstLink;
    return {
      info: {
        name,
        zone: info.Config.Labels[LABEL.zone] ?? '',
        url: `http://127.0.0.1:${hostPort(info, PORTS.gateway)}`,
      },
      ops: ops(info),
      index: Math.floor((port - PORTS.firstLink) / 3),
    };
  });
  const standbyPort = standby?.State.Running ? hostPort(standby, PORTS.postgres) : undefined;
  const failedOver = standbyPort !== undefined && (await isPrimary(standbyPort).catch(() => false));
  const logDir = path.resolve(spec.logDir);
  mkdirSync(logDir, { recursive: true });
  return containersTopology({
    runId,
    owned: false,
    pods,
    links,
    haproxy,
    entryUrl: `http://127.0.0.1:${hostPort(lb!, PORTS.lbFrontend)}`,
    faultProxyApiUrl,
    primary: {
      ops: ops(primary!),
      hostPort: primary!.State.Running ? hostPort(primary!, PORTS.postgres) : 0,
    },
    ...(standby && standbyPort !== undefined
      ? { standby: { ops: ops(standby), hostPort: standbyPort } }
      : {}),
    failedOver,
    redis: ops(redis!),
    all: [],
    zones: [...new Set(pods.map((p) => p.info.zone))],
    terminationGraceMs: terminationGraceOf(spec),
    timeScale: spec.timeScale,
    logDir,
    initialStates: new Map(
      gateways.map((g) => [
        alias(g),
        { running: g.State.Running, paused: g.State.Paused, hostPid: g.State.Pid },
      ]),
    ),
    removeAll: async () => undefined,
  });
}

async function isPrimary(port: number): Promise<boolean> {
  return (await queryAt<{ r: boolean }>(port, 'SELECT pg_is_in_recovery() AS r'))[0]?.r === false;
}

/** The containers provider over a running stack: up() attaches instead of booting. */
export function attachedContainersProvider(runId = COMPOSE_RUN_ID): Provider {
  return {
    name: 'containers',
    supports: containersProvider.supports,
    up: (spec) => attachStack(spec, runId),
  };
}
