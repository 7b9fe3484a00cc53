import type { ImageLaunch, LocalLaunch } from '../targets/target.js';
import type { PlaceholderValues } from '../targets/env-template.js';

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

// A provider boots the topology and exposes fault primitives. Three providers implement this
// (local processes, containers, kubernetes); a fault a provider cannot honour is refused at plan time.

export interface TopologySpec {
  pods: number;
  /** Zones the pods are spread over round-robin: pod-a in zones[0], pod-b in zones[1], … */
  zones: string[];
  /** The backing services to boot, and only these (a pod links to those that exist). */
  services: TopologyServices;
  /** Zone of the database primary (the standby goes in the next zone). */
  databaseZone: string;
  /** How every pod is started: the target's launch, health paths and the run's environment. */
  pod: PodSpec;
  /** Runbook time × timeScale: HAProxy's check interval, tunnel timeout, … */
  timeScale: number;
  logDir: string;
  loadBalancer?: LoadBalancerSettings;
  /** Seed for the fault proxy's randomness (jitter, toxicity), so runs replay. */
  seed?: number;
}

export interface TopologyServices {
  redis: boolean;
  /** A PostgreSQL primary. */
  postgres: boolean;
  /** A synchronous hot standby in another zone than the primary (with postgres). */
  standby: boolean;
}

/**
 * A pod of the target. The launch's env is a template (targets/env-template.ts): the provider fills
 * it per pod with its own placeholders ({port} {host} {pod} {zone} {redisUrl} {databaseUrl}) and
 * `values` (the scenario's: scaled timings, secret, defects), then sets `env` over it, except the
 * variables the template fills from the pod's own placeholders.
 */
export interface PodSpec {
  /** Local provider: a command run in cwd (resolved already) from baseDir. */
  local?: LocalLaunch & { baseDir: string };
  /** Containers provider: an image; `{appImage}` in its name is the harness's own app image. */
  image?: ImageLaunch;
  /** HTTP path answering 200 once the pod takes traffic (also the load balancer's check); null: TCP connect. */
  readinessPath: string | null;
  /** HTTP path answering 200 while the pod is alive; null: none. */
  livenessPath: string | null;
  /** The scenario's placeholder values. */
  values: PlaceholderValues;
  /** Variables over the filled template, as the pod reads them (a scenario's own gateway variables). */
  env?: Record<string, string>;
}

export interface LoadBalancerSettings {
  /** Cookie affinity (runbook: 24 h). */
  affinity: boolean;
  /** Runbook: 80 s (heartbeat + grace + margin); scaled by timeScale. */
  tunnelTimeoutMs: number;
  /** Runbook: 15 s; fall 2, rise 2. */
  checkIntervalMs: number;
  /** false refuses websocket upgrades (a misconfiguration fault). */
  allowUpgrade: boolean;
  /** The health check's HTTP path (the pods' readiness path); null: a TCP connect check. Default /health. */
  checkPath?: string | null;
}

export interface PodInfo {
  name: string;
  zone: string;
  /** Direct URL of the pod (bypassing the load balancer and the client->pod proxy). */
  url: string;
}

/** A network link that can be cut or slowed: client->pod-a, pod-a->redis, pod-a->postgres. */
export type LinkName = string;

export interface LinkToxic {
  type: 'latency' | 'bandwidth' | 'slow_close' | 'timeout' | 'reset_peer' | 'slicer' | 'limit_data';
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
  attributes: Record<string, number>;
}

/** A pod added to a running topology (scale up, or a rolling deploy's new version). */
export interface AddPodOptions {
  /** Pod name; default: the next unused pod-<letters> (pod-d after pod-a…pod-c). */
  name?: string;
  /** Zone; default: the next zone round-robin over the topology's zones. */
  zone?: string;
  /**
   * Environment of this pod over the topology's (PodSpec): the pod's "version" (e.g.
   * GATEWAY_VERSION=v2; a bad version may override the variable of {databaseUrl} or {redisUrl}). The
   * variables of {port}, {host}, {pod} and {zone} stay the provider's.
   */
  env?: Record<string, string>;
  /**
   * The rollout deadline: if the pod is not ready (its own /health 200, then UP in the load balancer)
   * within this many ms, it is stopped, taken out of the topology, and addPod rejects. Default: the
   * provider's boot allowance plus 4 load-balancer check intervals.
   */
  readyTimeoutMs?: number;
}

export const FAULT_PRIMITIVES = [
  'pod.kill',
  'pod.terminate',
  'pod.pause',
  'pod.start',
  'link.cut',
  'link.toxic',
  'redis.stop',
  'database.failover',
  'loadbalancer.reconfigure',
  'pod.memory-limit',
] as const;

export type FaultPrimitive = (typeof FAULT_PRIMITIVES)[number];

/** What a pod's memory limit did, as the orchestrator reports it (kubectl describe pod). */
export type MemoryLimitEvent =
  /** RSS went over the limit: SIGKILLed (Kubernetes: OOMKilled). */
  | { type: 'oom-killed'; pod: string; rssBytes: number; limitBytes: number; exit: ExitStatus }
  /** The restart policy's backoff is over: a new process is starting (`restart` counts from 1). */
  | { type: 'restarting'; pod: string; restart: number; backoffMs: number }
  /** The new process is ready (its /health answers 200). */
  | { type: 'restarted'; pod: string; restart: number }
  | { type: 'restart-failed'; pod: string; restart: number; error: string }
  /** maxRestarts reached: the pod stays down (Kubernetes: CrashLoopBackOff) until the limit is lifted. */
  | { type: 'gave-up'; pod: string; restarts: number };

/**
 * A container memory limit with restartPolicy Always: over `bytes` of resident memory the pod is
 * killed at once and restarted after a backoff that doubles with each restart.
 */
export interface PodMemoryLimit {
  bytes: number;
  /** Backoff before the first restart (Kubernetes: 10 s, doubling, scaled by the run); provider default. */
  restartBackoffMs?: number;
  /** Restarts before giving up (CrashLoopBackOff); provider default. */
  maxRestarts?: number;
  onEvent?: (event: MemoryLimitEvent) => void;
}

export interface Topology {
  provider: string;
  /** Where clients connect: the load balancer. */
  entryUrl: string;
  pods: PodInfo[];
  links: LinkName[];
  /** For the final audit (read-only use by the runner); null: the topology has no database. */
  databaseUrl: string | null;

  killPod(pod: string): Promise<ExitStatus>;
  terminatePod(pod: string): Promise<ExitStatus>;
  pausePod(pod: string): Promise<void>;
  resumePod(pod: string): Promise<void>;
  /** (Re)start a pod that is not running; resolves when its /health is 200. */
  startPod(pod: string): Promise<void>;
  isPodRunning(pod: string): boolean;

  /** enabled=false: the link refuses and drops connections; true restores it. */
  setLinkEnabled(link: LinkName, enabled: boolean): Promise<void>;
  addToxic(link: LinkName, name: string, toxic: LinkToxic): Promise<void>;
  removeToxic(link: LinkName, name: string): Promise<void>;

  stopRedis(): Promise<void>;
  startRedis(): Promise<void>;
  /** Primary dies, standby promoted, every pod->postgres link flipped to it. */
  failoverDatabase(): Promise<void>;
  reconfigureLoadBalancer(settings: Partial<LoadBalancerSettings>): Promise<void>;

  /** Stops everything it started; idempotent. */
  down(): Promise<void>;

  // ---- optional: scaling and deploys (a provider without them cannot run those faults) ---------------
  /**
   * Starts a new pod with its own links, and, once its /health answers 200 (a readiness gate: no
   * client is routed to a pod that never became ready), adds it to the load balancer; resolves when
   * the load balancer has it UP. The pod joins `pods` (and its links `links`).
   */
  addPod?(options?: AddPodOptions): Promise<PodInfo>;
  /**
   * Removes a pod gracefully, as an orchestrator deleting it: SIGTERM (readiness fails, the load
   * balancer stops routing to it, its clients drain), SIGKILL only after the termination grace;
   * then it leaves the load balancer, `pods` and `links`. Resolves with how it exited.
   */
  removePod?(pod: string): Promise<ExitStatus>;

  // ---- optional: network partitions of a whole host ---------------------------------------------------
  /**
   * Cuts a pod's host from every network it is on (a container from its networks, the default bridge
   * too), as a zone partition does; the local provider, whose pods share the harness's loopback, has
   * none and partitions through the pod's links alone.
   */
  isolatePod?(pod: string): Promise<void>;
  /** Puts an isolated pod back on the networks it was cut from, with the same aliases. */
  rejoinPod?(pod: string): Promise<void>;

  // ---- optional: memory limits (a provider without them cannot run the memory-pressure fault) ---------
  /**
   * Sets (or, with null, lifts) a pod's memory limit, enforced until lifted or the topology is down,
   * across the restarts it causes. Lifting it cancels a pending restart and waits for one under way.
   */
  setPodMemoryLimit?(pod: string, limit: PodMemoryLimit | null): Promise<void>;
  /** The pod's resident memory now (what a limit is compared with); undefined when it is not running. */
  podMemoryBytes?(pod: string): number | undefined;
}

export interface Provider {
  name: string;
  supports: ReadonlySet<FaultPrimitive>;
  up(spec: TopologySpec): Promise<Topology>;
  /**
   * Optional, for a provider over a system that already runs (--target URL): its pods, known before
   * the run, which the fault plan is drawn over instead of the scenario's planned pod-a, pod-b, ….
   */
  readonly existingPods?: ReadonlyArray<{ name: string; zone: string }>;
  /**
   * Optional: what this provider cannot do for one scenario fault step, each problem naming what is
   * missing (e.g. `needs pod.kill: the config's hooks have no \`kill\` command`, or a link it will not
   * have). When present, validate-scenario reports these instead of its generic "cannot <primitive>".
   */
  checkStep?(step: {
    fault: string;
    requires: readonly FaultPrimitive[];
    target: Readonly<Record<string, unknown>>;
  }): string[];
}
