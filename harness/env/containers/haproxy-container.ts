// HAProxy in its container, driven from the host: the runtime API on a published TCP port, reloads by
// writing the new configuration into the container and sending the master SIGUSR2, as the local
// provider does with its own HAProxy process.
import type { LoadBalancerSettings } from '../provider.js';
import {
  addRuntimeServer,
  haproxyCommand,
  removeRuntimeServer,
  keepStateOf,
  parseServerStats,
  type ServerStat,
  type ServerState,
} from '../local/haproxy.js';
import { pollUntil } from '../local/wait.js';
import { serialQueue } from '../local/serial-queue.js';
import type { ContainerOps } from './container-ops.js';
import { HAPROXY_CONFIG, HAPROXY_SERVER_STATE, haproxyConfigFor } from './stack-plan.js';

export interface LbServer {
  name: string;
  /** the server's client->pod listener inside the fault proxy */
  port: number;
}

export class HaproxyContainer {
  private readonly serial = serialQueue();
  private generation = 1;

  constructor(
    private readonly ops: ContainerOps,
    private readonly runtimeApi: { host: string; port: number },
    private current: { settings: LoadBalancerSettings; servers: LbServer[] },
  ) {}

  get settings(): LoadBalancerSettings {
    return { ...this.current.settings };
  }

  async serverStats(): Promise<ServerStat[]> {
    return parseServerStats(await haproxyCommand(this.runtimeApi, 'show stat'));
  }

  async serverStates(): Promise<Record<string, ServerState>> {
    return Object.fromEntries((await this.serverStats()).map((s) => [s.name, s.state]));
  }

  /** The generation the running worker loaded (read from `show info`), after a restart as well. */
  async loadedGeneration(): Promise<number | undefined> {
    const info = await haproxyCommand(this.runtimeApi, 'show info', 1_000).catch(() => '');
    const match = /description: drill-generation-(\d+)\n/.exec(info);
    return match ? Number(match[1]) : undefined;
  }

  async adoptRunningGeneration(): Promise<void> {
    this.generation = (await this.loadedGeneration()) ?? this.generation;
  }

  async waitFor(ok: (stats: ServerStat[]) => boolean, what: string, timeoutMs: number): Promise<void> {
    let last: ServerStat[] = [];
    try {
      await pollUntil(
        async () => {
          last = await this.serverStats().catch(() => []);
          return ok(last) ? true : undefined;
        },
        { timeoutMs, intervalMs: 100, what },
      );
    } catch (error) {
      const seen = last.map((s) => `${s.name}=${s.status}(${s.checkStatus})`).join(' ');
      throw new Error(`HAProxy container: ${(error as Error).message}; last seen: ${seen || 'nothing'}`);
    }
  }

  waitAllUp(timeoutMs: number): Promise<void> {
    const count = this.current.servers.length;
    return this.waitFor(
      (stats) =>
        stats.length === count &&
        stats.every((s) => s.state === 'UP' && (s.checkStatus === 'L7OK' || s.checkStatus === 'L4OK')),
      'every HAProxy server to pass its health check',
      timeoutMs,
    );
  }

  waitForStates(want: Readonly<Record<string, ServerState>>, timeoutMs = 15_000): Promise<void> {
    return this.waitFor(
      (stats) => Object.entries(want).every(([n, s]) => stats.find((x) => x.name === n)?.state === s),
      `HAProxy servers to be ${Object.entries(want)
        .map(([n, s]) => `${n}=${s}`)
        .join(' ')}`,
      timeoutMs,
    );
  }

  /** Checks the new configuration inside the container, carries the server states over, reloads. */
  reconfigure(change: { settings?: Partial<LoadBalancerSettings>; servers?: LbServer[] }): Promise<void> {
    return this.serial(async () => {
      const settings = { ...this.current.settings, ...change.settings };
      const servers = change.servers ?? this.current.servers;
      const generation = this.generation + 1;
      const config = haproxyConfigFor(servers, settings, generation);
      const next = `${HAPROXY_CONFIG}.next`;
      await this.ops.writeFile(next, config);
      try {
        await this.ops.exec(['haproxy', '-c', '-q', '-f', next]);
      } catch (error) {
        throw new Error(
          `HAProxy: the new configuration was refused, nothing reloaded: ${(error as Error).message}`,
        );
      }
      const state = await haproxyCommand(this.runtimeApi, 'show servers state');
      const asHosts = (list: readonly LbServer[]) =>
        list.map((s) => ({ name: s.name, port: s.port, host: 'fault-proxy' }));
      await this.ops.writeFile(
        HAPROXY_SERVER_STATE,
        keepStateOf(state, asHosts(servers), asHosts(this.current.servers)),
      );
      await this.ops.exec(['mv', next, HAPROXY_CONFIG]);
      await this.ops.signal('SIGUSR2');
      await pollUntil(async () => ((await this.loadedGeneration()) === generation ? true : undefined), {
        timeoutMs: 15_000,
        intervalMs: 50,
        what: `HAProxy configuration generation ${generation} to be loaded`,
      });
      this.generation = generation;
      this.current = { settings, servers: [...servers] };
    });
  }

  /** Adds a server through the runtime API (no reload, no tunnel cut), by the fault proxy's address. */
  async addServer(server: LbServer): Promise<void> {
    // HAProxy 2.6 resolves no name given at runtime: the fault proxy's IP, as HAProxy's container sees it.
    const ip = (await this.ops.exec(['getent', 'hosts', 'fault-proxy'])).trim().split(/\s+/)[0];
    if (!ip) throw new Error('HAProxy container: cannot resolve fault-proxy');
    await addRuntimeServer(
      this.runtimeApi,
      { name: server.name, address: `${ip}:${server.port}` },
      this.settings,
    );
    this.current = { ...this.current, servers: [...this.current.servers, server] };
  }

  async removeServer(name: string): Promise<void> {
    this.current = { ...this.current, servers: this.current.servers.filter((s) => s.name !== name) };
    await removeRuntimeServer(this.runtimeApi, name);
  }
}
