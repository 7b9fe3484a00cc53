// The local provider: the whole topology as child processes on loopback, no Docker.
//
//   clients ──► HAProxy ──► [client->pod-X] ──► gateway pod-X ──► [pod-X->redis] ──► Redis
//                                                              └─► [pod-X->postgres] ──► PostgreSQL primary
//                                                                          (synchronous standby beside it)
//
// Every [link] is a proxy of the fault proxy process, driven through its Toxiproxy API with
// toxiproxy-node-client, so a fault can cut or slow any of them. HAProxy's health checks also go
// through client->pod-X: cutting that link makes the pod DOWN for the load balancer, as in production.
// Every process is a process group registered with the process-group machinery (exit and signal hooks,
// and the reaper for a SIGKILLed runner), so nothing outlives the harness.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Toxiproxy, type Proxy as ToxiProxy } from 'toxiproxy-node-client';
import { linkPrimitives } from '../link-primitives.js';
import { FAULT_PRIMITIVES } from '../provider.js';
import type {
  AddPodOptions,
  FaultPrimitive,
  LinkName,
  LoadBalancerSettings,
  PodInfo,
  PodMemoryLimit,
  Provider,
  Topology,
  TopologySpec,
} from '../provider.js';
import { startFaultProxyProcess } from './fault-proxy-process.js';
import { getFreePort, LOOPBACK } from './free-port.js';
import { startGatewayProcess, type ExitStatus, type GatewayProcess } from './gateway-process.js';
import { podEnvironment } from '../pod-env.js';
import {
  addRuntimeServer,
  removeRuntimeServer,
  startHaproxy,
  type HaproxyHandle,
  type ServerStat,
  type ServerState,
} from './haproxy.js';
import { readLogTail } from './log-file.js';
import { PodMemoryLimits } from '../pod-memory-limits.js';
import { startPostgres, type PostgresHandle } from './postgres.js';
import { startRedis, type RedisHandle } from './redis.js';
import { raceTimeout } from './wait.js';
import { serialQueue } from './serial-queue.js';
import { podName } from '../pod-names.js';
import {
  BOOT_CHECK_INTERVAL_MS,
  clientLink,
  describeError,
  loadBalancerOf,
  postgresLink,
  redisLink,
  terminationGraceOf,
  validateSpec,
} from '../topology-defaults.js';

/**
 * Real (unscaled) time a healthy pod may take to boot on a loaded 2-core machine (tsx compile,
 * migrations): part of addPod's default rollout deadline, with 4 load-balancer check intervals.
 */
const POD_BOOT_ALLOWANCE_MS = 20_000;
/** Load-balancer check intervals a new pod may take to become UP, after its boot (fall 2, rise 2 + slack). */
const READY_CHECKS = 4;

export interface LocalTopologySpec extends TopologySpec {
  /** seed of the fault proxy's randomness (jitter, toxicity), so a run replays */
  seed?: number;
}

export interface BootTimings {
  postgres: number;
  redis: number;
  faultProxy: number;
  links: number;
  pods: number;
  loadBalancer: number;
  total: number;
}

export interface LoadBalancerView {
  url: string;
  /** HAProxy's stats page; `${statsUrl}metrics` for Prometheus */
  statsUrl: string;
  readonly settings: LoadBalancerSettings;
  /** the HAProxy configuration currently loaded */
  readonly config: string;
  serverStates(): Promise<Record<string, ServerState>>;
  serverStats(): Promise<ServerStat[]>;
  waitForStates(want: Readonly<Record<string, ServerState>>, timeoutMs?: number): Promise<void>;
}

/** What is running right now, for diagnostics and the cleanup tests. */
export interface Inventory {
  pids: Record<string, number>;
  ports: Record<string, number>;
  dirs: string[];
  logDir: string;
}

export interface LocalTopology extends Topology {
  provider: 'local';
  /** how long each phase of up() took, in ms (phases run partly in parallel) */
  timings: BootTimings;
  loadBalancer: LoadBalancerView;
  /** Toxiproxy API of the fault proxy */
  faultProxyUrl: string;
  /** HAProxy's view of every pod; shorthand for loadBalancer.serverStates() */
  serverStates(): Promise<Record<string, ServerState>>;
  inventory(): Inventory;
  setPodMemoryLimit: NonNullable<Topology['setPodMemoryLimit']>;
  podMemoryBytes: NonNullable<Topology['podMemoryBytes']>;
}

interface PodSlot {
  info: PodInfo;
  port: number;
  /** this pod's variables over the topology's (addPod's env) */
  overrides: Record<string, string>;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  process: GatewayProcess | undefined;
  exit: ExitStatus | undefined;
  paused: boolean;
  /** Operations on one pod run one at a time. */
  serial: ReturnType<typeof serialQueue>;
}

interface LinkSlot {
  name: LinkName;
  /** the fault proxy's proxy of this link */
  proxy: string;
  listenPort: number;
  upstreamPort: number;
}

export { podName } from '../pod-names.js';

export { clientLink, postgresLink, redisLink, RUNBOOK_LOAD_BALANCER } from '../topology-defaults.js';

function componentError(component: string, error: unknown, logFile?: string): Error {
  const message = describeError(error);
  // The launchers' own errors already carry their log tails.
  if (!logFile || message.includes('last lines of') || message.includes('--- ')) {
    return new Error(`local provider: ${component}: ${message}`, { cause: error });
  }
  const tail = readLogTail(logFile, 0, 20)
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
  return new Error(`local provider: ${component}: ${message}\n  last lines of ${logFile}:\n${tail}`, {
    cause: error,
  });
}

/** Loopback ports, free now and distinct from each other. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await getFreePort());
  return [...ports];
}

async function up(spec: LocalTopologySpec): Promise<LocalTopology> {
  validateSpec(spec);
  const logDir = path.resolve(spec.logDir);
  mkdirSync(logDir, { recursive: true });
  const bootStarted = performance.now();
  const timings: BootTimings = {
    postgres: 0,
    redis: 0,
    faultProxy: 0,
    links: 0,
    pods: 0,
    loadBalancer: 0,
    total: 0,
  };
  const since = (start: number) => Math.round(performance.now() - start);

  let postgres: PostgresHandle | undefined;
  let redis: RedisHandle | undefined;
  let faultProxy: Awaited<ReturnType<typeof startFaultProxyProcess>> | undefined;
  let haproxy: HaproxyHandle | undefined;
  const pods: PodSlot[] = [];
  const links = new Map<LinkName, LinkSlot>();
  let toxiproxy: Toxiproxy | undefined;
  let databasePort = 0;

  // ---- teardown (also of a half-booted topology) ----------------------------------------------------
  const stopPod = async (slot: PodSlot): Promise<void> => {
    const proc = slot.process;
    if (!proc || slot.exit) return;
    if (slot.paused) proc.resume();
    slot.paused = false;
    // Polite first, so the gateway flushes its log; its clients are gone with HAProxy already.
    const polite = await raceTimeout(proc.terminate(), 3_000);
    if (!polite.done) await proc.kill();
  };

  let downing: Promise<void> | undefined;
  const down = (): Promise<void> =>
    (downing ??= (async () => {
      const failures: string[] = [];
      const step = async (what: string, run: () => Promise<unknown>) => {
        try {
          await run();
        } catch (error) {
          failures.push(`${what}: ${describeError(error)}`);
        }
      };
      // No OOM kill or restart may start while the pods are being stopped.
      await Promise.all(
        pods.map((slot) =>
          step(`memory limit of ${slot.info.name}`, () => memoryLimits.lift(slot.info.name)),
        ),
      );
      await step('HAProxy', async () => haproxy?.down());
      await Promise.all(pods.map((slot) => step(`gateway ${slot.info.name}`, () => stopPod(slot))));
      await step('fault proxy', async () => faultProxy?.stop());
      await step('Redis', async () => redis?.down());
      await step('PostgreSQL', async () => postgres?.down());
      if (failures.length > 0) throw new Error(`local provider: down() failed for ${failures.join('; ')}`);
    })());

  const faultProxyLog = () => path.join(logDir, 'fault-proxy.log');

  const memoryLimits = new PodMemoryLimits({
    provider: 'local provider',
    timeScale: spec.timeScale,
    pgid: (pod) => {
      const slot = pods.find((p) => p.info.name === pod);
      return slot && running(slot)?.pid;
    },
    kill: (pod) => topology.killPod(pod),
    start: (pod) => topology.startPod(pod),
    isDown: () => isDown,
  });

  try {
    // ---- PostgreSQL, Redis and the fault proxy, in parallel --------------------------------------------
    const timed = async <T>(key: keyof BootTimings, start: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      const value = await start();
      timings[key] = since(started);
      return value;
    };
    // Only the services the target needs.
    const { services } = spec;
    const none = Promise.resolve(undefined);
    const [pgResult, redisResult, proxyResult] = await Promise.allSettled([
      services.postgres
        ? timed('postgres', () =>
            startPostgres({
              synchronousStandby: services.standby,
              standby: services.standby,
              logDir,
              name: 'postgres',
            }),
          )
        : none,
      services.redis ? timed('redis', () => startRedis({ logDir, name: 'redis' })) : none,
      timed('faultProxy', () =>
        startFaultProxyProcess({ logDir, ...(spec.seed === undefined ? {} : { seed: spec.seed }) }),
      ),
    ]);
    if (pgResult.status === 'fulfilled') postgres = pgResult.value;
    if (redisResult.status === 'fulfilled') redis = redisResult.value;
    if (proxyResult.status === 'fulfilled') faultProxy = proxyResult.value;
    if (pgResult.status === 'rejected') throw componentError('PostgreSQL', pgResult.reason);
    if (redisResult.status === 'rejected') throw componentError('Redis', redisResult.reason);
    if (proxyResult.status === 'rejected')
      throw componentError('fault proxy', proxyResult.reason, faultProxyLog());
    const pg = postgres;
    const rd = redis;
    const fp = faultProxy!;
    databasePort = pg?.port ?? 0;
    toxiproxy = new Toxiproxy(fp.apiUrl);

    // ---- one proxy per link -------------------------------------------------------------------------
    const linksStarted = performance.now();
    const names = Array.from({ length: spec.pods }, (_, i) => podName(i));
    const ports = await freePorts(names.length * 4);
    const take = () => ports.pop()!;
    for (const [index, name] of names.entries()) {
      const zone = spec.zones[index % spec.zones.length]!;
      const port = take();
      const client: LinkSlot = {
        name: clientLink(name),
        proxy: clientLink(name),
        listenPort: take(),
        upstreamPort: port,
      };
      const redisSlot: LinkSlot | undefined = rd && {
        name: redisLink(name),
        proxy: redisLink(name),
        listenPort: take(),
        upstreamPort: rd.port,
      };
      const postgresSlot: LinkSlot | undefined = pg && {
        name: postgresLink(name),
        proxy: postgresLink(name),
        listenPort: take(),
        upstreamPort: pg.port,
      };
      for (const slot of [client, redisSlot, postgresSlot]) if (slot) links.set(slot.name, slot);
      pods.push({
        info: { name, zone, url: `http://${LOOPBACK}:${port}` },
        port,
        overrides: {},
        databaseUrl:
          pg && postgresSlot
            ? `postgres://postgres@${LOOPBACK}:${postgresSlot.listenPort}/${encodeURIComponent(pg.database)}`
            : undefined,
        redisUrl: redisSlot ? `redis://${LOOPBACK}:${redisSlot.listenPort}` : undefined,
        process: undefined,
        exit: undefined,
        paused: false,
        serial: serialQueue(),
      });
    }
    try {
      await toxiproxy.populate(
        [...links.values()].map((l) => ({
          name: l.proxy,
          listen: `${LOOPBACK}:${l.listenPort}`,
          upstream: `${LOOPBACK}:${l.upstreamPort}`,
          enabled: true,
        })),
      );
    } catch (error) {
      throw componentError('fault proxy: creating the link proxies', error, faultProxyLog());
    }
    timings.links = since(linksStarted);

    // ---- gateway pods, in parallel --------------------------------------------------------------------
    const podsStarted = performance.now();
    const podResults = await Promise.allSettled(pods.map((slot) => launchPod(slot)));
    const podFailure = podResults.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (podFailure) throw componentError('gateway', podFailure.reason);
    timings.pods = since(podsStarted);

    // ---- HAProxy, once it has seen every pod pass a health check ----------------------------------------
    // HAProxy spreads the first checks over one interval (15 s unscaled), so it starts with fast checks
    // and, once every pod passed one, reloads with the real interval; the server-state file carries the
    // results over.
    const lbStarted = performance.now();
    const settings = loadBalancerOf(spec);
    const bootCheckMs = Math.min(settings.checkIntervalMs, BOOT_CHECK_INTERVAL_MS);
    try {
      haproxy = await startHaproxy({
        servers: pods.map((slot) => ({
          name: slot.info.name,
          port: links.get(clientLink(slot.info.name))!.listenPort,
        })),
        settings: { ...settings, checkIntervalMs: bootCheckMs },
        logDir,
        name: 'haproxy',
      });
      await haproxy.waitAllUp(3 * bootCheckMs + 10_000);
      if (bootCheckMs !== settings.checkIntervalMs) {
        await haproxy.reconfigure({ settings: { checkIntervalMs: settings.checkIntervalMs } });
      }
    } catch (error) {
      throw componentError('HAProxy', error);
    }
    timings.loadBalancer = since(lbStarted);
    timings.total = since(bootStarted);
  } catch (error) {
    await down().catch(() => {});
    throw error;
  }

  const pg = postgres;
  const rd = redis;
  const fp = faultProxy;
  const lb = haproxy;
  const tp = toxiproxy;

  // ---- pods -------------------------------------------------------------------------------------------
  function launchPod(slot: PodSlot, readyTimeoutMs?: number): Promise<void> {
    return (async () => {
      const launch = spec.pod.local;
      if (!launch) throw new Error('the target has no local launch (a command to start a pod)');
      const proc = await startGatewayProcess({
        pod: slot.info.name,
        zone: slot.info.zone,
        port: slot.port,
        command: launch.command,
        cwd: path.resolve(launch.baseDir, launch.cwd ?? '.'),
        env: podEnvironment(
          launch.env,
          spec.pod,
          {
            port: slot.port,
            host: LOOPBACK,
            pod: slot.info.name,
            zone: slot.info.zone,
            ...(slot.redisUrl === undefined ? {} : { redisUrl: slot.redisUrl }),
            ...(slot.databaseUrl === undefined ? {} : { databaseUrl: slot.databaseUrl }),
          },
          slot.overrides,
        ),
        readinessPath: spec.pod.readinessPath,
        logDir,
        ...(readyTimeoutMs === undefined ? {} : { readyTimeoutMs }),
      });
      slot.process = proc;
      slot.exit = undefined;
      slot.paused = false;
      void proc.exited.then((status) => {
        if (slot.process === proc) {
          slot.exit = status;
          slot.paused = false;
        }
      });
    })();
  }

  const slotOf = (pod: string): PodSlot => {
    const slot = pods.find((p) => p.info.name === pod);
    if (!slot) throw new Error(`no pod named ${pod}; pods: ${pods.map((p) => p.info.name).join(', ')}`);
    return slot;
  };

  /** One operation at a time per pod (a kill racing a start would leave either half done). */
  const onPod = <T>(pod: string, task: (slot: PodSlot) => Promise<T>): Promise<T> => {
    let slot: PodSlot;
    try {
      slot = slotOf(pod);
      notDown(`act on ${pod}`);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return slot.serial(() => task(slot));
  };

  let isDown = false;
  const notDown = (action: string) => {
    if (isDown) throw new Error(`local provider: cannot ${action}: the topology is down`);
  };

  const terminationGraceMs = terminationGraceOf(spec);

  const running = (slot: PodSlot): GatewayProcess | undefined =>
    slot.process && !slot.exit ? slot.process : undefined;

  // ---- links ------------------------------------------------------------------------------------------
  const linkOf = (link: LinkName): LinkSlot => {
    const slot = links.get(link);
    if (!slot) throw new Error(`no link named ${link}; links: ${[...links.keys()].join(', ')}`);
    return slot;
  };

  const onProxy = async <T>(
    link: LinkName,
    action: string,
    run: (proxy: ToxiProxy) => Promise<T>,
  ): Promise<T> => {
    notDown(action);
    const slot = linkOf(link);
    try {
      return await run(await tp!.get(slot.proxy));
    } catch (error) {
      throw componentError(`fault proxy: ${action} on ${link}`, error, faultProxyLog());
    }
  };

  // ---- scaling and deploys: pods added and removed while running ----------------------------------------
  // `podInfos` and `linkNames` are the very arrays topology.pods and topology.links expose, so whoever
  // holds them (the health prober, fault target resolution) sees pods come and go.
  const podInfos: PodInfo[] = pods.map((slot) => slot.info);
  const linkNames: LinkName[] = [...links.keys()];
  let podsCreated = pods.length;
  /** Pods currently listed in HAProxy's backend (boot pods, then added, minus removed). */
  const lbServers = (): Array<{ name: string; port: number }> =>
    pods.map((slot) => ({ name: slot.info.name, port: linkOf(clientLink(slot.info.name)).listenPort }));

  const addLbServer = (name: string, port: number): Promise<void> =>
    addRuntimeServer(lb!.statsSocket, { name, address: `${LOOPBACK}:${port}` }, lb!.settings);
  const removeLbServer = (name: string): Promise<void> => removeRuntimeServer(lb!.statsSocket, name);

  const nextPodName = (): string => {
    const used = new Set(pods.map((slot) => slot.info.name));
    for (;;) {
      const name = podName(podsCreated);
      if (!used.has(name) && !links.has(clientLink(name))) return name;
      podsCreated += 1;
    }
  };

  const dropPodLinks = async (name: string): Promise<void> => {
    for (const link of [clientLink(name), redisLink(name), postgresLink(name)]) {
      const slot = links.get(link);
      if (!slot) continue;
      links.delete(link);
      const index = linkNames.indexOf(link);
      if (index >= 0) linkNames.splice(index, 1);
      await tp!
        .get(slot.proxy)
        .then((proxy) => proxy.remove())
        .catch(() => undefined);
    }
  };

  const forgetPod = (slot: PodSlot): void => {
    const at = pods.indexOf(slot);
    if (at >= 0) pods.splice(at, 1);
    const info = podInfos.indexOf(slot.info);
    if (info >= 0) podInfos.splice(info, 1);
  };

  const addPod = async (options: AddPodOptions = {}): Promise<PodInfo> => {
    notDown('add a pod');
    const name = options.name ?? nextPodName();
    if (pods.some((slot) => slot.info.name === name) || links.has(clientLink(name)))
      throw new Error(`local provider: a pod named ${name} exists already`);
    const zone = options.zone ?? spec.zones[podsCreated % spec.zones.length]!;
    podsCreated += 1;
    const settings = lb!.settings;
    const deadline =
      Date.now() +
      (options.readyTimeoutMs ?? POD_BOOT_ALLOWANCE_MS + READY_CHECKS * settings.checkIntervalMs);
    const [port, clientPort, redisPort, postgresPort] = await freePorts(4);
    const slots: LinkSlot[] = [
      { name: clientLink(name), proxy: clientLink(name), listenPort: clientPort!, upstreamPort: port! },
      ...(rd
        ? [{ name: redisLink(name), proxy: redisLink(name), listenPort: redisPort!, upstreamPort: rd.port }]
        : []),
      ...(pg
        ? [
            {
              name: postgresLink(name),
              proxy: postgresLink(name),
              listenPort: postgresPort!,
              upstreamPort: databasePort,
            },
          ]
        : []),
    ];
    for (const link of slots) {
      try {
        await tp!.createProxy({
          name: link.proxy,
          listen: `${LOOPBACK}:${link.listenPort}`,
          upstream: `${LOOPBACK}:${link.upstreamPort}`,
          enabled: true,
        });
      } catch (error) {
        await dropPodLinks(name);
        throw componentError(`fault proxy: creating the links of ${name}`, error, faultProxyLog());
      }
      links.set(link.name, link);
      linkNames.push(link.name);
    }
    // The pod's version may point its database or Redis variable elsewhere (podEnvironment).
    const slot: PodSlot = {
      info: { name, zone, url: `http://${LOOPBACK}:${port!}` },
      port: port!,
      overrides: { ...options.env },
      databaseUrl: pg
        ? `postgres://postgres@${LOOPBACK}:${postgresPort!}/${encodeURIComponent(pg.database)}`
        : undefined,
      redisUrl: rd ? `redis://${LOOPBACK}:${redisPort!}` : undefined,
      process: undefined,
      exit: undefined,
      paused: false,
      serial: serialQueue(),
    };
    pods.push(slot);
    const giveUp = async (reason: unknown): Promise<never> => {
      const proc = slot.process;
      if (proc && !slot.exit) await proc.kill().catch(() => undefined);
      await removeLbServer(name).catch(() => undefined);
      forgetPod(slot);
      await dropPodLinks(name);
      throw new Error(
        `local provider: ${name} was not ready before its rollout deadline: ${describeError(reason)}`,
        {
          cause: reason,
        },
      );
    };
    // Readiness gate: the pod's own /health first, then the load balancer's checks.
    try {
      await slot.serial(() => launchPod(slot, Math.max(1_000, deadline - Date.now())));
    } catch (error) {
      return giveUp(error);
    }
    try {
      notDown('add a pod');
      await addLbServer(name, clientPort!);
      podInfos.push(slot.info);
      await lb!.waitForStates({ [name]: 'UP' }, Math.max(1_000, deadline - Date.now()));
    } catch (error) {
      return giveUp(error);
    }
    return slot.info;
  };

  const removePod = (pod: string): Promise<ExitStatus> =>
    onPod(pod, async (slot) => {
      // Not awaited: a restart it has under way waits for this very queue.
      void memoryLimits.lift(pod);
      const proc = slot.process;
      let status: ExitStatus = slot.exit ?? { code: null, signal: null };
      if (proc && !slot.exit) {
        if (slot.paused) proc.resume();
        slot.paused = false;
        // As the orchestrator: SIGTERM; the pod's readiness fails and HAProxy's checks take it out of
        // rotation while its clients drain; SIGKILL only once the termination grace is over.
        const polite = await raceTimeout(proc.terminate(), terminationGraceMs);
        status = polite.done ? polite.value : await proc.kill();
      }
      await removeLbServer(pod).catch(() => undefined);
      forgetPod(slot);
      await dropPodLinks(pod);
      return status;
    });

  const topology: LocalTopology = {
    provider: 'local',
    entryUrl: lb!.url,
    pods: podInfos,
    links: linkNames,
    get databaseUrl() {
      return pg ? `postgres://postgres@${LOOPBACK}:${databasePort}/${encodeURIComponent(pg.database)}` : null;
    },
    timings,
    faultProxyUrl: fp!.apiUrl,
    loadBalancer: {
      url: lb!.url,
      statsUrl: lb!.statsUrl,
      get settings() {
        return lb!.settings;
      },
      get config() {
        return lb!.config;
      },
      serverStates: () => lb!.serverStates(),
      serverStats: () => lb!.serverStats(),
      waitForStates: (want, timeoutMs) => lb!.waitForStates(want, timeoutMs),
    },
    serverStates: () => lb!.serverStates(),

    killPod: (pod) =>
      onPod(pod, async (slot) => {
        const proc = slot.process;
        if (!proc) throw new Error(`${pod} was never started`);
        if (slot.exit) return slot.exit;
        slot.paused = false;
        return proc.kill();
      }),

    terminatePod: (pod) =>
      onPod(pod, async (slot) => {
        const proc = slot.process;
        if (!proc) throw new Error(`${pod} was never started`);
        if (slot.exit) return slot.exit;
        // As the orchestrator: SIGTERM, and SIGKILL once the termination grace is over (a paused pod
        // only sees the SIGTERM when resumed, so it is killed at the deadline).
        const exited = proc.terminate();
        const polite = await raceTimeout(exited, terminationGraceMs);
        if (polite.done) return polite.value;
        slot.paused = false;
        return proc.kill();
      }),

    pausePod: (pod) =>
      onPod(pod, async (slot) => {
        const proc = running(slot);
        if (!proc) throw new Error(`cannot pause ${pod}: it is not running`);
        proc.pause();
        slot.paused = true;
      }),

    resumePod: (pod) =>
      onPod(pod, async (slot) => {
        const proc = running(slot);
        if (!proc) throw new Error(`cannot resume ${pod}: it is not running`);
        proc.resume();
        slot.paused = false;
      }),

    startPod: (pod) =>
      onPod(pod, async (slot) => {
        if (running(slot)) {
          if (slot.paused) throw new Error(`cannot start ${pod}: it is running but paused (resume it)`);
          return;
        }
        try {
          await launchPod(slot);
        } catch (error) {
          throw componentError(`gateway ${pod}`, error);
        }
      }),

    isPodRunning: (pod) => running(slotOf(pod)) !== undefined,

    ...linkPrimitives(onProxy),

    stopRedis: async () => {
      notDown('stop Redis');
      if (!rd) throw new Error('local provider: cannot stop Redis: the topology has no Redis');
      await rd.stop();
    },

    startRedis: async () => {
      notDown('start Redis');
      if (!rd) throw new Error('local provider: cannot start Redis: the topology has no Redis');
      await rd.start();
    },

    failoverDatabase: async () => {
      notDown('fail the database over');
      if (!pg) throw new Error('local provider: cannot fail over: the topology has no database');
      if (!pg.standby) throw new Error('local provider: cannot fail over: the topology has no standby');
      if (databasePort !== pg!.port) throw new Error('local provider: the database was failed over already');
      // A crash, not a shutdown: sessions are cut, nothing is checkpointed.
      await pg!.kill();
      let promoted: number;
      try {
        promoted = (await pg!.promoteStandby()).port;
      } catch (error) {
        throw componentError('PostgreSQL standby promotion', error, pg!.logFiles.standby);
      }
      databasePort = promoted;
      const failures: string[] = [];
      await Promise.all(
        pods.map(async (slot) => {
          const link = postgresLink(slot.info.name);
          try {
            await onProxy(link, 'point to the promoted standby', async (proxy) => {
              await proxy.update({
                enabled: proxy.enabled,
                listen: proxy.listen,
                upstream: `${LOOPBACK}:${promoted}`,
              });
            });
            linkOf(link).upstreamPort = promoted;
          } catch (error) {
            failures.push(describeError(error));
          }
        }),
      );
      if (failures.length > 0) throw new Error(failures.join('\n'));
    },

    reconfigureLoadBalancer: async (settings) => {
      notDown('reconfigure the load balancer');
      try {
        // The current servers, so pods added or removed at runtime survive the reload.
        await lb!.reconfigure({ settings, servers: lbServers() });
      } catch (error) {
        throw componentError('HAProxy', error);
      }
    },

    inventory: () => {
      const pids: Record<string, number> = {};
      const portsNow: Record<string, number> = {};
      const add = (key: string, pid: number | undefined) => {
        if (pid !== undefined) pids[key] = pid;
      };
      add('postgres', pg?.pid);
      add('postgres-standby', pg?.standby?.pid);
      add('redis', rd?.pid);
      add('fault-proxy', fp!.pid);
      add('haproxy', lb!.pid);
      for (const slot of pods) add(`gateway-${slot.info.name}`, running(slot)?.pid);
      if (pg) portsNow.postgres = pg.port;
      if (pg?.standby) portsNow['postgres-standby'] = pg.standby.port;
      if (rd) portsNow.redis = rd.port;
      portsNow['fault-proxy'] = fp!.port;
      portsNow.haproxy = lb!.port;
      portsNow['haproxy-stats'] = Number(new URL(lb!.statsUrl).port);
      for (const slot of pods) portsNow[`gateway-${slot.info.name}`] = slot.port;
      for (const link of links.values()) portsNow[link.name] = link.listenPort;
      return {
        pids,
        ports: portsNow,
        dirs: [...(pg ? [pg.dir] : []), ...(rd ? [rd.dir] : []), path.dirname(lb!.configFile)],
        logDir,
      };
    },

    addPod,
    removePod,

    setPodMemoryLimit: async (pod, limit: PodMemoryLimit | null) => {
      notDown(`set the memory limit of ${pod}`);
      slotOf(pod);
      await memoryLimits.set(pod, limit);
    },

    podMemoryBytes: (pod) => {
      slotOf(pod);
      return memoryLimits.bytes(pod);
    },

    down: () => {
      isDown = true;
      return down();
    },
  };
  return topology;
}

export const localProvider = {
  name: 'local',
  // Every primitive: the conformance suite holds both providers to the same meaning of each.
  supports: new Set<FaultPrimitive>(FAULT_PRIMITIVES),
  up,
} satisfies Provider;
