// The containers provider: the local provider's topology in Docker, booted with testcontainers.
//
//   clients ──► haproxy ──► fault-proxy [client->pod-X] ──► pod-X ──► fault-proxy [pod-X->redis] ──► redis
//                                                               └─► fault-proxy [pod-X->postgres] ──► postgres-primary
//                                                                                  (streaming to postgres-standby)
//
// One user network per run; every container carries the run's label (drill.run) and is removed by
// down(), by the exit of the harness, or, after a crash or SIGKILL, by a watchdog (container-reaper).
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { GenericContainer, Wait, type StartedTestContainer } from 'testcontainers';
import { FAULT_PRIMITIVES, type FaultPrimitive, type Provider, type TopologySpec } from '../provider.js';
import { getFreePort } from '../local/free-port.js';
import { pollUntil } from '../local/wait.js';
import { ContainerOps, logFileName } from './container-ops.js';
import { startContainerReaper } from './container-reaper.js';
import { configureTestcontainers, docker, dockerUnavailableReason } from './docker-engine.js';
import { HaproxyContainer } from './haproxy-container.js';
import { queryAt } from './pg-query.js';
import { ensureImagesPresent, missingImages, resolveImages, type ImageSet } from './images.js';
import {
  BOOT_CHECK_INTERVAL_MS,
  describeError,
  loadBalancerOf,
  terminationGraceOf,
  validateSpec,
} from '../topology-defaults.js';
import { containersTopology, type ContainersTopology, type PodHandle } from './containers-topology.js';
import {
  gatewayPlan,
  LABEL,
  linkPorts,
  planStack,
  imageLaunchOf,
  imageName,
  podEnv,
  podPort,
  PORTS,
  sourceContent,
  type ContainerPlan,
} from './stack-plan.js';

const START_TIMEOUT_MS = 90_000;

/** DRILL_RUN_LABEL names a run's containers (drill.run=<prefix>-<time>-<random>), so CI can find its own. */
function runLabelPrefix(env: NodeJS.ProcessEnv = process.env): string {
  const prefix = env.DRILL_RUN_LABEL ?? 'drill';
  if (!/^[a-z][a-z0-9-]{0,30}$/.test(prefix))
    throw new Error(
      `DRILL_RUN_LABEL must be lower-case letters, digits and dashes, got ${JSON.stringify(prefix)}`,
    );
  return prefix;
}

function waitStrategyOf(plan: ContainerPlan, spec: TopologySpec) {
  switch (plan.role) {
    case 'gateway':
      return spec.pod.readinessPath === null
        ? Wait.forListeningPorts()
        : Wait.forHttp(spec.pod.readinessPath, podPort(spec)).forStatusCode(200);
    case 'fault-proxy':
      return Wait.forHttp('/version', PORTS.faultProxyApi);
    default:
      return Wait.forSuccessfulCommand(
        plan.healthcheck.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '),
      );
  }
}

/** The last lines of a container's log, indented for an error message ('' when there is none). */
async function logTail(name: string): Promise<string> {
  const text = await new ContainerOps(docker().getContainer(name), name).logTail(20).catch(() => '');
  return text
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
}

async function up(spec: TopologySpec): Promise<ContainersTopology> {
  validateSpec(spec);
  configureTestcontainers();
  const unavailable = await dockerUnavailableReason();
  if (unavailable) throw new Error(`containers provider: ${unavailable}`);
  const engine = docker();
  const images: ImageSet = await resolveImages(engine);
  await ensureImagesPresent(engine, images);
  const podImage = imageName(imageLaunchOf(spec), images);
  if (process.env.DRILL_ALLOW_PULL !== '1' && (await missingImages(engine, [podImage])).length > 0)
    throw new Error(
      `containers provider: the target's image ${podImage} is not on this Docker engine; nothing is pulled by accident (build or pull it, or set DRILL_ALLOW_PULL=1)`,
    );

  const logDir = path.resolve(spec.logDir);
  mkdirSync(logDir, { recursive: true });
  const runId = `${runLabelPrefix()}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const reaper = startContainerReaper(runId);
  const settings = loadBalancerOf(spec);
  const bootSettings = {
    ...settings,
    checkIntervalMs: Math.min(settings.checkIntervalMs, BOOT_CHECK_INTERVAL_MS),
  };
  const plan = planStack(spec, { runId, images, loadBalancer: bootSettings });
  const labels = { [LABEL.run]: runId, [LABEL.timeScale]: String(spec.timeScale) };
  const started: ContainerOps[] = [];
  let networkCreated = false;

  const hostPorts = new Map<string, Map<number, number>>();
  const start = async (container: ContainerPlan): Promise<ContainerOps> => {
    const ports = new Map<number, number>();
    for (const port of container.ports) ports.set(port, await getFreePort());
    hostPorts.set(container.alias, ports);
    const name = `${runId}-${container.alias}`;
    let builder = new GenericContainer(container.image)
      .withName(name)
      .withNetworkMode(runId)
      .withNetworkAliases(container.alias)
      .withLabels(container.labels)
      .withEnvironment(container.env)
      .withExposedPorts(...[...ports].map(([c, h]) => ({ container: c, host: h })))
      .withWaitStrategy(waitStrategyOf(container, spec))
      .withStartupTimeout(START_TIMEOUT_MS);
    // No command: the image's own.
    if (container.command.length > 0) builder = builder.withCommand(container.command);
    const files = [
      ...Object.entries(container.files).map(([target, content]) => ({ content, target })),
      ...Object.entries(container.sources).map(([target, source]) => ({
        content: sourceContent(source),
        target,
      })),
    ];
    if (files.length > 0) builder = builder.withCopyContentToContainer(files);
    let startedContainer: StartedTestContainer;
    try {
      startedContainer = await builder.start();
    } catch (error) {
      const tail = await logTail(name);
      throw new Error(
        `containers provider: ${container.alias} (${container.image}) did not start: ${(error as Error).message}${tail ? `\n  last lines of its log:\n${tail}` : ''}`,
        { cause: error },
      );
    }
    const ops = new ContainerOps(engine.getContainer(startedContainer.getId()), container.alias);
    started.push(ops);
    return ops;
  };
  const port = (alias: string, containerPort: number) => hostPorts.get(alias)!.get(containerPort)!;
  const byAlias = (alias: string) => plan.containers.find((c) => c.alias === alias)!;
  /**
   * Removes every container of the run, found by its label (so also one that failed half-way), and
   * the network; disarms the watchdog once nothing is left (a failure leaves it armed for our exit).
   */
  const removeAll = async (): Promise<void> => {
    const leftovers = await engine.listContainers({
      all: true,
      filters: { label: [`${LABEL.run}=${runId}`] },
    });
    const results = await Promise.allSettled(
      leftovers.map((c) => engine.getContainer(c.Id).remove({ force: true, v: true })),
    );
    if (networkCreated) await engine.getNetwork(runId).remove();
    const failures = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => describeError(r.reason))
      .filter((message) => !/no such container|404/i.test(message));
    if (failures.length > 0) throw new Error(`containers provider: down() failed: ${failures.join('; ')}`);
    reaper.release();
  };

  try {
    await engine.createNetwork({ Name: runId, Labels: labels, CheckDuplicate: true });
    networkCreated = true;
    // Only the services the target needs.
    const [primary, redis, faultProxy] = await Promise.all([
      spec.services.postgres ? start(byAlias('postgres-primary')) : undefined,
      spec.services.redis ? start(byAlias('redis')) : undefined,
      start(byAlias('fault-proxy')),
    ]);
    const standbyPlan = plan.containers.find((c) => c.role === 'postgres-standby');
    const standby = standbyPlan ? await start(standbyPlan) : undefined;
    if (standby) {
      await pollUntil(
        async () => {
          const rows = await queryAt<{ sync_state: string }>(
            port('postgres-primary', PORTS.postgres),
            'SELECT sync_state FROM pg_stat_replication',
            'postgres',
          ).catch(() => []);
          return rows.some((r) => r.sync_state === 'sync') ? true : undefined;
        },
        {
          timeoutMs: START_TIMEOUT_MS,
          intervalMs: 200,
          what: 'the standby to stream synchronously from the primary',
        },
      );
    }
    const podPlans = plan.containers.filter((c) => c.role === 'gateway');
    const podOps = await Promise.all(podPlans.map((c) => start(c)));
    const pods: PodHandle[] = plan.pods.map((pod, index) => ({
      info: { name: pod.name, zone: pod.zone, url: `http://127.0.0.1:${port(pod.name, podPort(spec))}` },
      ops: podOps[index]!,
      index,
    }));
    const lbOps = await start(byAlias('haproxy'));
    const haproxy = new HaproxyContainer(
      lbOps,
      { host: '127.0.0.1', port: port('haproxy', PORTS.lbRuntime) },
      {
        settings: bootSettings,
        servers: plan.pods.map((p, i) => ({ name: p.name, port: linkPorts(i).client })),
      },
    );
    await pollUntil(async () => ((await haproxy.loadedGeneration()) === 1 ? true : undefined), {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'HAProxy to answer on its runtime API',
    });
    await haproxy.waitAllUp(3 * bootSettings.checkIntervalMs + 15_000);
    if (bootSettings.checkIntervalMs !== settings.checkIntervalMs) {
      await haproxy.reconfigure({ settings: { checkIntervalMs: settings.checkIntervalMs } });
    }

    const launchPod = async (name: string, zone: string, index: number, env: Record<string, string>) => {
      const ops = await start(
        gatewayPlan(images, name, zone, index, podEnv(spec, name, zone, index, env), labels, spec),
      );
      return { info: { name, zone, url: `http://127.0.0.1:${port(name, podPort(spec))}` }, ops, index };
    };

    return containersTopology({
      runId,
      owned: true,
      pods,
      links: plan.links,
      haproxy,
      entryUrl: `http://127.0.0.1:${port('haproxy', PORTS.lbFrontend)}`,
      faultProxyApiUrl: `http://127.0.0.1:${port('fault-proxy', PORTS.faultProxyApi)}`,
      ...(primary ? { primary: { ops: primary, hostPort: port('postgres-primary', PORTS.postgres) } } : {}),
      ...(standby ? { standby: { ops: standby, hostPort: port('postgres-standby', PORTS.postgres) } } : {}),
      ...(redis ? { redis } : {}),
      podPort: podPort(spec),
      services: spec.services,
      readinessPath: spec.pod.readinessPath,
      all: [
        ...(primary ? [primary] : []),
        ...(standby ? [standby] : []),
        ...(redis ? [redis] : []),
        faultProxy,
        ...podOps,
        lbOps,
      ],
      zones: spec.zones,
      terminationGraceMs: terminationGraceOf(spec),
      timeScale: spec.timeScale,
      logDir,
      launchPod,
      removeAll,
    });
  } catch (error) {
    await Promise.all(
      started.map((ops) => ops.saveLog(path.join(logDir, logFileName(ops.alias))).catch(() => undefined)),
    );
    await removeAll().catch(() => undefined);
    throw error;
  }
}

export const containersProvider = {
  name: 'containers',
  // Every primitive: the conformance suite holds both providers to the same meaning of each.
  supports: new Set<FaultPrimitive>(FAULT_PRIMITIVES),
  up,
} satisfies Provider;
