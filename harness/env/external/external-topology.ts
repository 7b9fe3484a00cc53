// The external topology: up() checks that the --target URL answers over TCP, starts the fault proxy
// with its one link (client->system), and gives the Topology whose pod primitives run the config's
// hook commands, one at a time per pod; down() stops the fault proxy and leaves the system running.
import { Toxiproxy, type Proxy as ToxiProxy } from 'toxiproxy-node-client';
import { linkPrimitives } from '../link-primitives.js';
import { startFaultProxyProcess, type FaultProxyProcess } from '../local/fault-proxy-process.js';
import { getFreePort, LOOPBACK } from '../local/free-port.js';
import type { ExitStatus, FaultPrimitive, LinkName, PodInfo, Topology, TopologySpec } from '../provider.js';
import type { ExternalConfig, HookName } from './external-config.js';
import { HOOK_SIGNALS, runHookOrThrow, type HookValues } from './hook-command.js';
import type { Unavailable } from './step-check.js';
import { proxiedUrl, tcpConnect, upstreamOf } from './target-url.js';

export const EXTERNAL_PROVIDER = 'external';
/** The one link of an external topology: the harness's clients → the --target URL. */
export const CLIENT_LINK: LinkName = 'client->system';

const CONNECT_TIMEOUT_MS = 5_000;

export interface ExternalTopology extends Topology {
  /** The fault proxy's Toxiproxy API. */
  faultProxyUrl: string;
  /** The fault proxy's process (the leader of its own process group). */
  faultProxyPid: number;
  /** The --target URL the client->system link forwards to. */
  targetUrl: string;
}

/** The checked config, and why each primitive is unavailable under it. */
export interface UpContext extends ExternalConfig {
  unavailable: Unavailable;
}

/** Boots the external topology over the running system (ExternalProvider.up). */
export async function upExternal(spec: TopologySpec, ctx: UpContext): Promise<ExternalTopology> {
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
