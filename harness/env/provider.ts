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
  /** PostgreSQL synchronous hot standby in another zone than the primary. */
  standby: boolean;
  /** Zone of the database primary (the standby goes in the next zone). */
  databaseZone: string;
  /** Gateway environment shared by every pod (timings already scaled, auth, SUT_DEFECTS…). */
  gatewayEnv: Record<string, string>;
  /** Runbook time × timeScale: HAProxy's check interval, tunnel timeout, … */
  timeScale: number;
  logDir: string;
  loadBalancer?: LoadBalancerSettings;
  /** Seed for the fault proxy's randomness (jitter, toxicity), so runs replay. */
  seed?: number;
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
   * Environment of this pod over the topology's gatewayEnv: the pod's "version" (e.g.
   * GATEWAY_VERSION=v2; a bad version may override DATABASE_URL). PORT, HOST, POD_NAME and ZONE stay
   * the provider's.
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
  /** For the final audit (read-only use by the runner). */
  databaseUrl: string;

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
}
