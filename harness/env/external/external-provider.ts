// The `external` provider: `drill run SCENARIO --target URL` drives a system that is already running.
// It boots nothing. Between the harness's clients and the URL it puts the fault proxy (a real
// process, as the local provider does) with one link, client->system, so the network faults act on
// that link; the process faults are the config's hook commands (TargetHooks), run per pod. What the
// config cannot do is refused before the run (checkStep), naming the missing command or primitive.
import net from 'node:net';
import { Toxiproxy, type Proxy as ToxiProxy } from 'toxiproxy-node-client';
import type { TargetHooks } from '../../targets/target.js';
import { linkPrimitives } from '../link-primitives.js';
import { startFaultProxyProcess, type FaultProxyProcess } from '../local/fault-proxy-process.js';
import { getFreePort, LOOPBACK } from '../local/free-port.js';
import type {
  ExitStatus,
  FaultPrimitive,
  LinkName,
  PodInfo,
  Provider,
  Topology,
  TopologySpec,
} from '../provider.js';
import {
  HOOK_SIGNALS,
  parseHook,
  runHookOrThrow,
  type HookCommand,
  type HookValues,
} from './hook-command.js';

export const EXTERNAL_PROVIDER = 'external';
/** The one link of an external topology: the harness's clients → the --target URL. */
export const CLIENT_LINK: LinkName = 'client->system';
/** Zone of a configured pod that names none. */
export const DEFAULT_ZONE = 'default';

const DEFAULT_HOOK_TIMEOUT_MS = 120_000;
const DEFAULT_READY_TIMEOUT_MS = 60_000;
const CONNECT_TIMEOUT_MS = 5_000;

export interface ExternalProviderOptions {
  /** The running system's entry point: http(s):// or ws(s)://host[:port][/path]. */
  url: string;
  /** The config's hook commands and pods (TargetDefinition.hooks). */
  hooks?: TargetHooks;
  /**
   * The target's readiness path (TargetDefinition.readinessPath): after a `start` hook, a pod with a
   * `url` is ready once this answers 200; null: once its port accepts a connection. Default null.
   */
  readinessPath?: string | null;
  /** Where relative hook programs are found and the hooks run (the config's folder); default cwd. */
  baseDir?: string;
  /** A hook command running longer is SIGKILLed and its fault fails; default 120 000 ms. */
  hookTimeoutMs?: number;
  /** How long startPod waits for a started pod to be ready; default 60 000 ms. */
  readyTimeoutMs?: number;
  /** Environment whose PATH finds the hook programs; default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface ExternalProvider extends Provider {
  /** The --target URL as given. */
  readonly url: string;
  /** The configured pods as the topology will list them. */
  readonly pods: readonly PodInfo[];
  checkStep: NonNullable<Provider['checkStep']>;
}

export interface ExternalTopology extends Topology {
  /** The fault proxy's Toxiproxy API. */
  faultProxyUrl: string;
  /** The fault proxy's process (the leader of its own process group). */
  faultProxyPid: number;
  /** The --target URL the client->system link forwards to. */
  targetUrl: string;
}

type HookName = 'kill' | 'terminate' | 'start' | 'pause' | 'resume';
const HOOK_NAMES: readonly HookName[] = ['kill', 'terminate', 'start', 'pause', 'resume'];

/** The hooks each process primitive runs. */
const PRIMITIVE_HOOKS: Partial<Record<FaultPrimitive, readonly HookName[]>> = {
  'pod.kill': ['kill'],
  'pod.terminate': ['terminate'],
  'pod.pause': ['pause', 'resume'],
  'pod.start': ['start'],
};

/** Primitives no config can give a running system: the harness does not own those components. */
const NEVER: Partial<Record<FaultPrimitive, string>> = {
  'redis.stop': 'a system given by --target has no Redis the harness runs, and no hook can stop one',
  'database.failover':
    'a system given by --target has no database the harness runs, and no hook can fail one over',
  'loadbalancer.reconfigure':
    'a system given by --target has its own load balancer, which the harness cannot reconfigure',
  'pod.memory-limit': "the harness cannot set a memory limit on a running system's pod",
};

/** Where the link forwards: host:port of the URL (the scheme's default port when it names none). */
export function upstreamOf(url: URL): { host: string; port: number } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port =
    url.port !== '' ? Number(url.port) : url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80;
  return { host, port };
}

/** The entry URL through the proxy: the same scheme, path and query on 127.0.0.1:<listenPort>. */
export function proxiedUrl(url: URL, listenPort: number): string {
  const entry = new URL(url.href);
  entry.hostname = LOOPBACK;
  entry.port = String(listenPort);
  // A bare origin stays bare (URL's href would add a '/'); otherwise path and query are kept.
  return url.pathname === '/' && url.search === '' && url.hash === '' ? entry.origin : entry.href;
}

function parseTargetUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--target ${url}: not a URL (expected http://host:port/…)`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    throw new Error(
      `--target ${url}: the scheme must be http, https, ws or wss, not ${parsed.protocol.replace(/:$/, '')}`,
    );
  }
  return parsed;
}

function tcpConnect(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * The external provider over a running system. Throws at once (before anything starts) when the
 * URL, the pods or a hook command is unusable: a bad quote, an unknown placeholder, a program that is
 * not executable — every problem at once, each naming its hook.
 */
export function createExternalProvider(options: ExternalProviderOptions): ExternalProvider {
  const target = parseTargetUrl(options.url);
  const hooks = options.hooks ?? {};
  const baseDir = options.baseDir ?? process.cwd();
  const hookTimeoutMs = options.hookTimeoutMs ?? DEFAULT_HOOK_TIMEOUT_MS;
  const readyTimeoutMs = options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const readinessPath = options.readinessPath ?? null;

  const problems: string[] = [];
  const commands = new Map<HookName, HookCommand>();
  for (const name of HOOK_NAMES) {
    const source = hooks[name];
    if (source === undefined) continue;
    const parsed = parseHook(name, source, baseDir, options.env);
    problems.push(...parsed.problems);
    if (parsed.command) commands.set(name, parsed.command);
  }
  const podInfos: PodInfo[] = [];
  for (const [i, pod] of (hooks.pods ?? []).entries()) {
    if (typeof pod?.name !== 'string' || pod.name === '') {
      problems.push(`hooks.pods[${i}]: a pod needs a name`);
      continue;
    }
    if (podInfos.some((p) => p.name === pod.name))
      problems.push(`hooks.pods[${i}]: ${pod.name} is listed twice`);
    let url = target.origin;
    if (pod.url !== undefined) {
      try {
        url = new URL(pod.url).href.replace(/\/$/, '');
      } catch {
        problems.push(`hooks.pods[${i}] (${pod.name}): url ${JSON.stringify(pod.url)} is not a URL`);
      }
    }
    podInfos.push({ name: pod.name, zone: pod.zone ?? DEFAULT_ZONE, url });
  }
  if (problems.length > 0) {
    throw new Error(`the --target config cannot be used:\n  ${problems.join('\n  ')}`);
  }
  const hasPods = podInfos.length > 0;

  /** Why a primitive is unavailable; undefined: it is available. */
  const unavailable = (primitive: FaultPrimitive): string | undefined => {
    if (primitive === 'link.cut' || primitive === 'link.toxic') return undefined;
    const never = NEVER[primitive];
    if (never) return never;
    const needed = PRIMITIVE_HOOKS[primitive] ?? [];
    const missing = needed.filter((h) => !commands.has(h));
    if (missing.length > 0) {
      return `the config's hooks have no ${missing.map((h) => `\`${h}\` command`).join(' and no ')}`;
    }
    if (!hasPods) return 'the config lists no pods (hooks.pods) for its hooks to act on';
    return undefined;
  };

  const supports = new Set<FaultPrimitive>(
    (['pod.kill', 'pod.terminate', 'pod.pause', 'pod.start', 'link.cut', 'link.toxic'] as const).filter(
      (p) => unavailable(p) === undefined,
    ),
  );

  const checkStep: ExternalProvider['checkStep'] = ({ requires, target: selector }) => {
    const refused: string[] = [];
    for (const primitive of requires) {
      const why = unavailable(primitive);
      if (why) refused.push(`needs ${primitive}: ${why}`);
    }
    if (refused.length > 0) return refused;
    const pods = podInfos.map((p) => p.name);
    const usesPods = requires.some((p) => p.startsWith('pod.'));
    const usesLinks = requires.includes('link.cut') || requires.includes('link.toxic');
    if (usesPods && 'component' in selector) {
      // rolling-deploy, rollback, scale-up-down, secret-rotation: new pods behind the load balancer
      refused.push(
        `needs to add and remove pods behind the load balancer: a system given by --target is deployed by its own orchestrator, and the hooks act only on the pods listed in hooks.pods`,
      );
    }
    if (usesPods && typeof selector.pod === 'string' && !['random', 'all'].includes(selector.pod)) {
      if (!pods.includes(selector.pod)) {
        refused.push(
          `targets pod ${selector.pod}, but the config's pods (hooks.pods) are ${pods.join(', ')}`,
        );
      }
    }
    if (usesLinks && !usesPods) {
      const only = `with --target the only link is ${CLIENT_LINK} (the harness's clients → ${options.url})`;
      if (typeof selector.link === 'string' && selector.link !== CLIENT_LINK) {
        refused.push(`needs the link ${selector.link}: ${only}`);
      } else if (selector.component === 'redis' || selector.component === 'database') {
        const which = selector.component === 'redis' ? 'pod->redis' : 'pod->postgres';
        refused.push(`needs the ${which} links: ${only}`);
      } else if ('pod' in selector || 'zone' in selector || 'podOfClient' in selector) {
        refused.push(`needs a pod's own links (client->pod, pod->redis, pod->postgres): ${only}`);
      }
    }
    return refused;
  };

  return {
    name: EXTERNAL_PROVIDER,
    url: options.url,
    pods: podInfos,
    supports,
    checkStep,
    up: (spec) =>
      upExternal(spec, {
        target,
        commands,
        podInfos,
        baseDir,
        hookTimeoutMs,
        readyTimeoutMs,
        readinessPath,
        unavailable,
      }),
  };
}

interface UpContext {
  target: URL;
  commands: ReadonlyMap<HookName, HookCommand>;
  podInfos: readonly PodInfo[];
  baseDir: string;
  hookTimeoutMs: number;
  readyTimeoutMs: number;
  readinessPath: string | null;
  unavailable: (primitive: FaultPrimitive) => string | undefined;
}

async function upExternal(spec: TopologySpec, ctx: UpContext): Promise<ExternalTopology> {
  const { target } = ctx;
  const upstream = upstreamOf(target);
  const upstreamAddress = upstream.host.includes(':')
    ? `[${upstream.host}]:${upstream.port}`
    : `${upstream.host}:${upstream.port}`;
  try {
    await tcpConnect(upstream.host, upstream.port, CONNECT_TIMEOUT_MS);
  } catch (error) {
    throw new Error(
      `--target ${target.href}: ${upstreamAddress} does not accept connections (${(error as Error).message})`,
    );
  }

  const proxy: FaultProxyProcess = await startFaultProxyProcess({
    logDir: spec.logDir,
    name: 'fault-proxy',
    ...(spec.seed === undefined ? {} : { seed: spec.seed }),
  });
  const toxiproxy = new Toxiproxy(proxy.apiUrl);
  let listenPort: number;
  try {
    listenPort = await getFreePort();
    await toxiproxy.createProxy({
      name: CLIENT_LINK,
      listen: `${LOOPBACK}:${listenPort}`,
      upstream: upstreamAddress,
      enabled: true,
    });
  } catch (error) {
    await proxy.stop();
    throw new Error(
      `fault proxy: creating the link ${CLIENT_LINK} to ${upstreamAddress}: ${(error as Error).message}`,
    );
  }

  let down = false;
  const notDown = (action: string): void => {
    if (down) throw new Error(`cannot ${action}: the external topology is down`);
  };

  const onProxy = async <T>(
    link: LinkName,
    action: string,
    run: (p: ToxiProxy) => Promise<T>,
  ): Promise<T> => {
    notDown(action);
    if (link !== CLIENT_LINK) throw new Error(`no link named ${link}; links: ${CLIENT_LINK}`);
    try {
      return await run(await toxiproxy.get(CLIENT_LINK));
    } catch (error) {
      throw new Error(`fault proxy: ${action} on ${link}: ${(error as Error).message}`);
    }
  };

  // Pod state as the hooks left it: every listed pod is taken to run at the start.
  const running = new Map(ctx.podInfos.map((p) => [p.name, true]));
  const paused = new Set<string>();
  const queues = new Map<string, Promise<unknown>>();
  /** One hook at a time per pod, in call order. */
  const onPod = <T>(
    pod: string,
    primitive: FaultPrimitive,
    run: (info: PodInfo) => Promise<T>,
  ): Promise<T> => {
    const info = ctx.podInfos.find((p) => p.name === pod);
    if (!info) {
      return Promise.reject(
        new Error(
          `no pod named ${pod}; the config's pods: ${ctx.podInfos.map((p) => p.name).join(', ') || 'none'}`,
        ),
      );
    }
    const why = ctx.unavailable(primitive);
    if (why) return Promise.reject(new Error(`cannot ${primitive} ${pod}: ${why}`));
    const previous = queues.get(pod) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(() => {
        notDown(`${primitive} ${pod}`);
        return run(info);
      });
    queues.set(pod, next);
    return next;
  };

  const hook = (name: HookName, info: PodInfo) =>
    runHookOrThrow(ctx.commands.get(name)!, values(info, name), {
      cwd: ctx.baseDir,
      timeoutMs: ctx.hookTimeoutMs,
    });
  const values = (info: PodInfo, name: HookName): HookValues => {
    const { host, port } = upstreamOf(new URL(info.url));
    return {
      pod: info.name,
      zone: info.zone,
      url: info.url,
      host,
      port: String(port),
      signal: HOOK_SIGNALS[name] ?? '',
    };
  };

  const waitReady = async (info: PodInfo): Promise<void> => {
    const deadline = Date.now() + ctx.readyTimeoutMs;
    const pod = new URL(info.url);
    let last = 'not tried';
    while (Date.now() < deadline) {
      try {
        if (ctx.readinessPath === null) {
          const { host, port } = upstreamOf(pod);
          await tcpConnect(host, port, 1_000);
          return;
        }
        const res = await fetch(`${info.url}${ctx.readinessPath}`, { signal: AbortSignal.timeout(1_000) });
        await res.body?.cancel();
        if (res.status === 200) return;
        last = `answered ${res.status}`;
      } catch (error) {
        last = (error as Error).message;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const what = ctx.readinessPath === null ? 'to accept connections' : `${ctx.readinessPath} to answer 200`;
    throw new Error(
      `${info.name} started, but ${info.url} did not come ready within ${ctx.readyTimeoutMs} ms (waiting for ${what}; last: ${last})`,
    );
  };

  const topology: ExternalTopology = {
    provider: EXTERNAL_PROVIDER,
    entryUrl: proxiedUrl(target, listenPort),
    pods: [...ctx.podInfos],
    links: [CLIENT_LINK],
    // No database the harness runs: the audit reads the target's own store through its audit spec.
    databaseUrl: null,
    faultProxyUrl: proxy.apiUrl,
    faultProxyPid: proxy.pid,
    targetUrl: target.href,

    killPod: (pod) =>
      onPod(pod, 'pod.kill', async (info) => {
        await hook('kill', info);
        running.set(pod, false);
        paused.delete(pod);
        const status: ExitStatus = { code: null, signal: 'SIGKILL' };
        return status;
      }),

    terminatePod: (pod) =>
      onPod(pod, 'pod.terminate', async (info) => {
        await hook('terminate', info);
        running.set(pod, false);
        paused.delete(pod);
        // The hook returned 0 once the pod had gone: recorded as its clean exit.
        const status: ExitStatus = { code: 0, signal: null };
        return status;
      }),

    pausePod: (pod) =>
      onPod(pod, 'pod.pause', async (info) => {
        if (!running.get(pod)) throw new Error(`cannot pause ${pod}: it is not running`);
        await hook('pause', info);
        paused.add(pod);
      }),

    resumePod: (pod) =>
      onPod(pod, 'pod.pause', async (info) => {
        if (!running.get(pod)) throw new Error(`cannot resume ${pod}: it is not running`);
        await hook('resume', info);
        paused.delete(pod);
      }),

    startPod: (pod) =>
      onPod(pod, 'pod.start', async (info) => {
        if (running.get(pod)) {
          if (paused.has(pod)) throw new Error(`cannot start ${pod}: it is running but paused (resume it)`);
          return;
        }
        await hook('start', info);
        await waitReady(info);
        running.set(pod, true);
      }),

    isPodRunning: (pod) => running.get(pod) === true,

    ...linkPrimitives(onProxy),

    stopRedis: () => Promise.reject(new Error(`cannot stop Redis: ${ctx.unavailable('redis.stop')}`)),
    startRedis: () => Promise.reject(new Error(`cannot start Redis: ${ctx.unavailable('redis.stop')}`)),
    failoverDatabase: () =>
      Promise.reject(new Error(`cannot fail the database over: ${ctx.unavailable('database.failover')}`)),
    reconfigureLoadBalancer: () =>
      Promise.reject(
        new Error(`cannot reconfigure the load balancer: ${ctx.unavailable('loadbalancer.reconfigure')}`),
      ),

    // Stops the fault proxy (its own process group, by PID) and nothing else: the system keeps running.
    down: async () => {
      if (down) return;
      down = true;
      await proxy.stop();
    },
  };
  return topology;
}

/**
 * The `external` entry of PROVIDERS, before a --target URL gives it something to drive: it refuses
 * every fault step and every boot, saying what to add.
 */
export const unconfiguredExternalProvider: Provider = {
  name: EXTERNAL_PROVIDER,
  supports: new Set<FaultPrimitive>(),
  checkStep: () => ['needs --target URL: the external provider drives a running system given by --target'],
  up: () =>
    Promise.reject(
      new Error(
        'the external provider drives a running system: give --target URL (and a config with its hooks)',
      ),
    ),
};
