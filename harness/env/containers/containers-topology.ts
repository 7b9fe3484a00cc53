// A Topology over running containers: the same fault primitives as the local provider, in Docker
// terms. kill is `docker kill`, hang is `docker pause`, a zone partition cuts a container from every
// network it is on, links are the fault proxy's (Toxiproxy API), failover promotes the standby and
// flips every pod->postgres link. Used for a stack the provider booted and for one it attached to.
import path from 'node:path';
import { Toxiproxy, type Proxy as ToxiProxy } from 'toxiproxy-node-client';
import { linkPrimitives } from '../link-primitives.js';
import type {
  AddPodOptions,
  ExitStatus,
  LinkName,
  LoadBalancerSettings,
  PodInfo,
  PodMemoryLimit,
  Topology,
} from '../provider.js';
import { PodMemoryLimits } from '../pod-memory-limits.js';
import type { ServerState } from '../local/haproxy.js';
import { pollUntil, raceTimeout } from '../local/wait.js';
import { serialQueue } from '../local/serial-queue.js';
import { podName } from '../pod-names.js';
import { tcpAccepts } from '../tcp-accepts.js';
import { logFileName, type ContainerOps, type NetworkAttachment } from './container-ops.js';
import { docker } from './docker-engine.js';
import { describeError } from '../topology-defaults.js';
import { queryAt } from './pg-query.js';
import type { HaproxyContainer } from './haproxy-container.js';
import {
  clientLink,
  DATABASE,
  linkPorts,
  podLinkPlans,
  postgresLink,
  PORTS,
  redisLink,
  type LinkPlan,
} from './stack-plan.js';

export interface PodHandle {
  info: PodInfo;
  ops: ContainerOps;
  /** the pod's place in the link-port scheme */
  index: number;
}

/** Starts a new gateway container (addPod); the provider that booted the stack knows how. */
export type PodLauncher = (
  name: string,
  zone: string,
  index: number,
  env: Record<string, string>,
) => Promise<PodHandle>;

export interface StackHandles {
  runId: string;
  /** booted by this process: down() removes it; attached: down() leaves it running */
  owned: boolean;
  pods: PodHandle[];
  links: LinkPlan[];
  haproxy: HaproxyContainer;
  entryUrl: string;
  faultProxyApiUrl: string;
  /** absent: the target needs no PostgreSQL */
  primary?: { ops: ContainerOps; hostPort: number };
  standby?: { ops: ContainerOps; hostPort: number };
  /** absent: the target needs no Redis */
  redis?: ContainerOps;
  /** the port pods listen on in their containers; default PORTS.gateway */
  podPort?: number;
  /** the pods' readiness path (null: a TCP connect); default /health */
  readinessPath?: string | null;
  /** the services a pod added later links to; default all */
  services?: { redis: boolean; postgres: boolean };
  /** every container, for down() and its logs */
  all: ContainerOps[];
  zones: readonly string[];
  terminationGraceMs: number;
  timeScale: number;
  logDir: string;
  launchPod?: PodLauncher;
  /** the standby was promoted already (an attached stack) */
  failedOver?: boolean;
  /** pods found not running or paused (an attached stack); default: every pod running */
  initialStates?: ReadonlyMap<string, { running: boolean; paused: boolean; hostPid?: number }>;
  /** removes every container of the stack and its network (down() of a stack this process booted) */
  removeAll(): Promise<void>;
}

export interface ContainersTopology extends Topology {
  provider: 'containers';
  runId: string;
  faultProxyUrl: string;
  serverStates(): Promise<Record<string, ServerState>>;
  loadBalancerSettings(): LoadBalancerSettings;
  /** Cuts a pod's container from every network (the default bridge too), as a zone partition. */
  isolatePod(pod: string): Promise<void>;
  rejoinPod(pod: string): Promise<void>;
  setPodMemoryLimit: NonNullable<Topology['setPodMemoryLimit']>;
  podMemoryBytes: NonNullable<Topology['podMemoryBytes']>;
}

const POD_READY_TIMEOUT_MS = 60_000;
const PROMOTE_TIMEOUT_MS = 30_000;

interface PodState {
  running: boolean;
  paused: boolean;
  exit?: ExitStatus;
  /** host pid of the container's main process (docker runs on this machine) */
  hostPid?: number;
}

/** Polls the pod's /health; `exited` is what the pod's watch saw (no engine call per poll). */
async function waitForHealth(
  pod: PodHandle,
  timeoutMs: number,
  exited: () => ExitStatus | undefined,
  readinessPath: string | null = '/health',
): Promise<void> {
  await pollUntil(
    async () => {
      const exit = exited();
      if (exit)
        throw new Error(
          `${pod.info.name} exited (${exit.signal ?? `code ${exit.code}`}) before it was ready`,
        );
      if (readinessPath === null) {
        const { hostname, port } = new URL(pod.info.url);
        return (await tcpAccepts(hostname, Number(port))) ? true : undefined;
      }
      const ok = await fetch(`${pod.info.url}${readinessPath}`, { signal: AbortSignal.timeout(1_000) }).then(
        async (res) => {
          await res.body?.cancel();
          return res.ok;
        },
        () => false,
      );
      return ok ? true : undefined;
    },
    {
      timeoutMs,
      intervalMs: 100,
      what: `${pod.info.name} to ${readinessPath === null ? 'accept connections' : `answer ${readinessPath} with 200`}`,
    },
  );
}

/** Whether a TCP connection to the URL's host and port succeeds. */

export function containersTopology(stack: StackHandles): ContainersTopology {
  const tp = new Toxiproxy(stack.faultProxyApiUrl);
  const podInfos: PodInfo[] = stack.pods.map((p) => p.info);
  const linkNames: LinkName[] = stack.links.map((l) => l.name);
  const states = new Map<string, PodState>();
  const serials = new Map<string, ReturnType<typeof serialQueue>>();
  const cut = new Map<string, NetworkAttachment[]>();
  let databaseHostPort =
    stack.failedOver && stack.standby ? stack.standby.hostPort : (stack.primary?.hostPort ?? 0);
  const services = stack.services ?? { redis: true, postgres: true };
  let isDown = false;
  /** Ends watch()'s engine long-polls at down(): an attached stack runs on, this process must not wait on it. */
  const watching = new AbortController();

  const notDown = (action: string) => {
    if (isDown) throw new Error(`containers provider: cannot ${action}: the topology is down`);
  };
  const handleOf = (pod: string): PodHandle => {
    const handle = stack.pods.find((p) => p.info.name === pod);
    if (!handle)
      throw new Error(`no pod named ${pod}; pods: ${stack.pods.map((p) => p.info.name).join(', ')}`);
    return handle;
  };
  /** Follows one start of a pod until it exits. */
  const watch = (handle: PodHandle) => {
    const state: PodState = { running: true, paused: false };
    states.set(handle.info.name, state);
    // The pod's main process as the host sees it: its resident memory is what a memory limit compares.
    void handle.ops.state().then(
      (s) => {
        if (states.get(handle.info.name) === state && s.Running) state.hostPid = s.Pid;
      },
      () => undefined,
    );
    void handle.ops.waitExit(watching.signal).then(
      (exit) => {
        if (states.get(handle.info.name) === state)
          Object.assign(state, { running: false, paused: false, exit });
      },
      () => undefined,
    );
  };

  const onPod = <T>(pod: string, task: (handle: PodHandle) => Promise<T>): Promise<T> => {
    try {
      notDown(`act on ${pod}`);
      const handle = handleOf(pod);
      let serial = serials.get(pod);
      if (!serial) serials.set(pod, (serial = serialQueue()));
      return serial(() => task(handle));
    } catch (error) {
      return Promise.reject(error as Error);
    }
  };
  const runningState = (pod: string) => {
    const state = states.get(pod);
    return state?.running ? state : undefined;
  };

  const onProxy = async <T>(link: LinkName, action: string, run: (proxy: ToxiProxy) => Promise<T>) => {
    notDown(action);
    const plan = stack.links.find((l) => l.name === link);
    if (!plan) throw new Error(`no link named ${link}; links: ${linkNames.join(', ')}`);
    try {
      return await run(await tp.get(plan.name));
    } catch (error) {
      throw new Error(`containers provider: fault proxy: ${action} on ${link}: ${describeError(error)}`, {
        cause: error,
      });
    }
  };

  const startPodNow = async (handle: PodHandle): Promise<void> => {
    await handle.ops.start();
    watch(handle);
    try {
      await waitForHealth(
        handle,
        POD_READY_TIMEOUT_MS,
        () => states.get(handle.info.name)?.exit,
        stack.readinessPath,
      );
    } catch (error) {
      const tail = await handle.ops.logTail(15).catch(() => '');
      throw new Error(`containers provider: gateway ${handle.info.name}: ${describeError(error)}\n${tail}`, {
        cause: error,
      });
    }
  };

  const removePodLinks = async (name: string): Promise<void> => {
    for (const link of [clientLink(name), redisLink(name), postgresLink(name)]) {
      const at = stack.links.findIndex((l) => l.name === link);
      if (at >= 0) stack.links.splice(at, 1);
      const i = linkNames.indexOf(link);
      if (i >= 0) linkNames.splice(i, 1);
      await tp
        .get(link)
        .then((proxy) => proxy.remove())
        .catch(() => undefined);
    }
  };

  const forgetPod = (handle: PodHandle) => {
    stack.pods.splice(stack.pods.indexOf(handle), 1);
    const ops = stack.all.indexOf(handle.ops);
    if (ops >= 0) stack.all.splice(ops, 1);
    const i = podInfos.indexOf(handle.info);
    if (i >= 0) podInfos.splice(i, 1);
    states.delete(handle.info.name);
  };

  let podsCreated = stack.pods.length;
  let nextLinkIndex = Math.max(-1, ...stack.pods.map((p) => p.index), ...stack.links.map(linkIndex)) + 1;

  const addPod = async (options: AddPodOptions = {}): Promise<PodInfo> => {
    notDown('add a pod');
    const launch = stack.launchPod;
    if (!launch) throw new Error('containers provider: this stack (attached) cannot add pods');
    const used = new Set([...stack.pods.map((p) => p.info.name), ...stack.links.map((l) => l.name)]);
    const taken = (candidate: string) => used.has(candidate) || used.has(clientLink(candidate));
    let name = options.name;
    if (name === undefined) {
      while (taken(podName(podsCreated))) podsCreated += 1;
      name = podName(podsCreated);
    } else if (taken(name)) throw new Error(`containers provider: a pod named ${name} exists already`);
    const zone = options.zone ?? stack.zones[podsCreated % stack.zones.length]!;
    podsCreated += 1;
    // Taken before any await: pods added in parallel (a scale-up) get distinct link ports.
    const index = nextLinkIndex++;
    const newLinks = podLinkPlans(
      name,
      index,
      services,
      stack.podPort ?? PORTS.gateway,
      databaseHostPort === stack.primary?.hostPort ? 'postgres-primary' : 'postgres-standby',
    );
    for (const link of newLinks) {
      await tp.createProxy({ name: link.name, listen: link.listen, upstream: link.upstream, enabled: true });
      stack.links.push(link);
      linkNames.push(link.name);
    }
    const deadline = Date.now() + (options.readyTimeoutMs ?? POD_READY_TIMEOUT_MS);
    let handle: PodHandle | undefined;
    try {
      handle = await launch(name, zone, index, options.env ?? {});
      stack.pods.push(handle);
      stack.all.push(handle.ops);
      watch(handle);
      await waitForHealth(
        handle,
        Math.max(1_000, deadline - Date.now()),
        () => states.get(name)?.exit,
        stack.readinessPath,
      );
      await stack.haproxy.addServer({ name, port: linkPorts(index).client });
      podInfos.push(handle.info);
      await stack.haproxy.waitForStates({ [name]: 'UP' }, Math.max(1_000, deadline - Date.now()));
      return handle.info;
    } catch (error) {
      if (handle) {
        await handle.ops.remove().catch(() => undefined);
        await stack.haproxy.removeServer(name).catch(() => undefined);
        forgetPod(handle);
      }
      await removePodLinks(name);
      throw new Error(
        `containers provider: ${name} was not ready before its rollout deadline: ${describeError(error)}`,
        {
          cause: error,
        },
      );
    }
  };

  const terminate = async (handle: PodHandle): Promise<ExitStatus> => {
    const exited = handle.ops.waitExit();
    await handle.ops.signal('SIGTERM');
    const polite = await raceTimeout(exited, stack.terminationGraceMs);
    if (polite.done) return polite.value;
    return handle.ops.kill();
  };

  const memoryLimits = new PodMemoryLimits({
    provider: 'containers provider',
    timeScale: stack.timeScale,
    pgid: (pod) => runningState(pod)?.hostPid,
    kill: (pod) => topology.killPod(pod),
    start: (pod) => topology.startPod(pod),
    isDown: () => isDown,
  });

  const topology: ContainersTopology = {
    provider: 'containers',
    runId: stack.runId,
    entryUrl: stack.entryUrl,
    pods: podInfos,
    links: linkNames,
    get databaseUrl() {
      return stack.primary ? `postgres://postgres@127.0.0.1:${databaseHostPort}/${DATABASE}` : null;
    },
    faultProxyUrl: stack.faultProxyApiUrl,
    serverStates: () => stack.haproxy.serverStates(),
    loadBalancerSettings: () => stack.haproxy.settings,

    killPod: (pod) =>
      onPod(pod, async (handle) => {
        const state = states.get(pod);
        if (state && !state.running && state.exit) return state.exit;
        const exit = await handle.ops.kill();
        states.set(pod, { running: false, paused: false, exit });
        return exit;
      }),

    terminatePod: (pod) =>
      onPod(pod, async (handle) => {
        const state = states.get(pod);
        if (state && !state.running && state.exit) return state.exit;
        const exit = await terminate(handle);
        states.set(pod, { running: false, paused: false, exit });
        return exit;
      }),

    pausePod: (pod) =>
      onPod(pod, async (handle) => {
        const state = runningState(pod);
        if (!state) throw new Error(`cannot pause ${pod}: it is not running`);
        await handle.ops.pause();
        state.paused = true;
      }),

    resumePod: (pod) =>
      onPod(pod, async (handle) => {
        const state = runningState(pod);
        if (!state) throw new Error(`cannot resume ${pod}: it is not running`);
        await handle.ops.unpause();
        state.paused = false;
      }),

    startPod: (pod) =>
      onPod(pod, async (handle) => {
        const state = runningState(pod);
        if (state) {
          if (state.paused) throw new Error(`cannot start ${pod}: it is running but paused (resume it)`);
          return;
        }
        await startPodNow(handle);
      }),

    isPodRunning: (pod) => {
      handleOf(pod);
      return runningState(pod) !== undefined;
    },

    isolatePod: (pod) =>
      onPod(pod, async (handle) => {
        if (cut.has(pod)) return;
        cut.set(pod, await handle.ops.cutFromNetworks(docker()));
      }),

    rejoinPod: (pod) =>
      onPod(pod, async (handle) => {
        const attachments = cut.get(pod);
        if (!attachments) return;
        await handle.ops.rejoinNetworks(docker(), attachments);
        cut.delete(pod);
      }),

    ...linkPrimitives(onProxy),

    stopRedis: async () => {
      notDown('stop Redis');
      const redis = stack.redis;
      if (!redis) throw new Error('containers provider: cannot stop Redis: the topology has no Redis');
      await redis.container.stop({ t: 5 }).catch((error: unknown) => {
        if (!/not running|already stopped|304/i.test(describeError(error))) throw error;
      });
    },

    startRedis: async () => {
      notDown('start Redis');
      const redis = stack.redis;
      if (!redis) throw new Error('containers provider: cannot start Redis: the topology has no Redis');
      if (!(await redis.state()).Running) await redis.start();
      await pollUntil(
        async () =>
          (await redis.exec(['redis-cli', '-p', String(PORTS.redis), 'ping'], 2_000).catch(() => ''))
            .trim()
            .startsWith('PONG')
            ? true
            : undefined,
        { timeoutMs: 20_000, intervalMs: 100, what: 'Redis to answer PING after its start' },
      );
    },

    failoverDatabase: async () => {
      notDown('fail the database over');
      const standby = stack.standby;
      const primary = stack.primary;
      if (!standby || !primary)
        throw new Error('containers provider: cannot fail over: the topology has no standby');
      if (databaseHostPort !== primary.hostPort)
        throw new Error('containers provider: the database was failed over already');
      // A crash, not a shutdown: sessions are cut, nothing is checkpointed.
      await primary.ops.kill();
      await queryAt(standby.hostPort, 'SELECT pg_promote(true, 60)');
      await pollUntil(
        async () =>
          (
            await queryAt<{ r: boolean }>(
              standby.hostPort,
              'SELECT pg_is_in_recovery() AS r, txid_current()',
            ).catch(() => [])
          )[0]?.r === false
            ? true
            : undefined,
        { timeoutMs: PROMOTE_TIMEOUT_MS, what: 'the promoted standby to accept writes' },
      );
      databaseHostPort = standby.hostPort;
      const failures: string[] = [];
      await Promise.all(
        stack.pods.map(async (handle) => {
          const link = postgresLink(handle.info.name);
          try {
            await onProxy(link, 'point to the promoted standby', async (proxy) => {
              await proxy.update({
                enabled: proxy.enabled,
                listen: proxy.listen,
                upstream: `postgres-standby:${PORTS.postgres}`,
              });
            });
            const plan = stack.links.find((l) => l.name === link);
            if (plan) plan.upstream = `postgres-standby:${PORTS.postgres}`;
          } catch (error) {
            failures.push(describeError(error));
          }
        }),
      );
      if (failures.length > 0) throw new Error(failures.join('\n'));
    },

    reconfigureLoadBalancer: async (settings) => {
      notDown('reconfigure the load balancer');
      await stack.haproxy.reconfigure({ settings });
    },

    addPod,

    removePod: (pod) =>
      onPod(pod, async (handle) => {
        if (!stack.launchPod)
          throw new Error('containers provider: this stack (attached) cannot remove pods');
        // Not awaited: a restart it has under way waits for this very queue.
        void memoryLimits.lift(pod);
        const state = runningState(pod);
        const exit = state
          ? await terminate(handle)
          : (states.get(pod)?.exit ?? { code: null, signal: null });
        await stack.haproxy.removeServer(pod).catch(() => undefined);
        forgetPod(handle);
        await removePodLinks(pod);
        await handle.ops
          .saveLog(path.join(stack.logDir, logFileName(handle.info.name)))
          .catch(() => undefined);
        await handle.ops.remove().catch(() => undefined);
        return exit;
      }),

    setPodMemoryLimit: async (pod, limit: PodMemoryLimit | null) => {
      notDown(`set the memory limit of ${pod}`);
      handleOf(pod);
      // Enforced on the resident memory of the container's processes, as the local provider does, so a
      // limit means the same on both; it needs the engine on this machine (its pids in our /proc).
      await memoryLimits.set(pod, limit);
    },

    podMemoryBytes: (pod) => {
      handleOf(pod);
      return memoryLimits.bytes(pod);
    },

    down: async () => {
      if (isDown) return;
      isDown = true;
      watching.abort();
      await memoryLimits.liftAll().catch(() => undefined);
      if (!stack.owned) return;
      await Promise.all(
        stack.all.map((ops) =>
          ops.saveLog(path.join(stack.logDir, logFileName(ops.alias))).catch(() => undefined),
        ),
      );
      await stack.removeAll();
    },
  };
  for (const handle of stack.pods) {
    const initial = stack.initialStates?.get(handle.info.name) ?? { running: true, paused: false };
    if (!initial.running) {
      states.set(handle.info.name, { running: false, paused: false });
      continue;
    }
    watch(handle);
    const state = states.get(handle.info.name)!;
    state.paused = initial.paused;
    if (initial.hostPid) state.hostPid = initial.hostPid;
  }
  return topology;
}

function linkIndex(link: LinkPlan): number {
  const port = Number(link.listen.split(':').pop());
  return Math.floor((port - PORTS.firstLink) / 3);
}
