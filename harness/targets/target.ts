import type { Capability } from './capabilities.js';
import type { WorkloadAdapter } from './adapter.js';

/**
 * One system under test: how to start a pod, what it needs, how the load balancer treats it, what
 * it offers (capabilities) and the workload adapter that speaks its protocol. Plain data, so a
 * user's drill.config.ts can declare one without code (the adapter is a declarative config too).
 *
 * Environment templates take placeholders in braces, filled per pod by the provider:
 *   {port} {host} {pod} {zone} {redisUrl} {databaseUrl} {jwtSecret}
 * and the scenario's runbook timings scaled by --time-scale, in ms:
 *   {pingIntervalMs} {pingTimeoutMs} {drainTimeoutMs} {terminationGraceMs} {presenceTtlMs}
 *   {checkIntervalMs} {maxConnections} {defects}
 * A placeholder the provider cannot fill (e.g. {redisUrl} for a target that needs no Redis) is an
 * error before anything starts.
 */
export interface TargetDefinition {
  name: string;
  description?: string;
  /** How the local provider starts a pod: a command run in cwd with this environment. */
  local?: LocalLaunch;
  /** How the containers provider starts a pod: an image (never pulled unless allowed). */
  image?: ImageLaunch;
  /** HTTP path answering 200 when the pod can take traffic; null: the pod is ready once its port accepts. */
  readinessPath: string | null;
  /** HTTP path answering 200 while the pod is alive; null: none (a crash is its exit). */
  livenessPath: string | null;
  /** Backing services the topology boots for this target, and only these. */
  services: TargetServices;
  loadBalancer: { affinityCookie: boolean; upgrade: boolean };
  adapter: AdapterConfig;
  capabilities: readonly Capability[];
  /** How the final audit reads the durable store (with capability durable-store). */
  audit?: AuditSpec;
  /** Prometheus metrics (with capability metrics): the path and the names of the key series. */
  metrics?: { path: string; names: Record<string, string> };
  /** Presence endpoint (with capability presence): GET path with {room}, answering the members. */
  presence?: { path: string };
  /** For `--target URL`: commands that act on a pod of the running system, with {pod} placeholders. */
  hooks?: TargetHooks;
}

export interface LocalLaunch {
  command: readonly string[];
  /** Relative to the config file's folder; default: that folder. */
  cwd?: string;
  env?: Record<string, string>;
}

export interface ImageLaunch {
  /** The image; `{appImage}` stands for the harness's own app image (the reference's: official or offline build). */
  name: string;
  command?: readonly string[];
  env?: Record<string, string>;
  /** The port the pod listens on inside the container (it is also given {port}). */
  port: number;
}

export interface TargetServices {
  redis: boolean;
  /** 'none', a single primary, or a primary with a synchronous hot standby when the scenario asks. */
  postgres: 'none' | 'primary' | 'primary+standby';
}

/** A durable store the final audit reads: rows of (room, seq, client_msg_id) for the rooms given as $1. */
export type AuditSpec = { sql: string } | { http: string };

/**
 * For `drill run SCENARIO --target URL` (harness/env/external): the running system's pods and the
 * commands that act on one of them. A command is split into arguments as a shell would split it
 * (spaces; '…' and "…" quotes; \ escapes) but runs without a shell (execFile): the placeholders
 * {pod} {zone} {url} {host} {port} (of the pod's url) and {signal} (KILL, TERM, STOP, CONT; not in
 * `start`) are filled inside each argument after the split, so a pod name can never add an
 * argument or run anything. Write `sh -c '…'` explicitly when a pipe or `$(…)` is needed. A command
 * that exits non-zero fails the fault with its stderr. Each primitive exists only when its command
 * does: no `kill`, no pod-kill fault (refused before the run, naming the missing command).
 */
export interface TargetHooks {
  /** The pod dies at once (SIGKILL, `kubectl delete pod {pod} --grace-period=0 --force`). */
  kill?: string;
  /**
   * Graceful stop (SIGTERM, then the orchestrator's grace). Should return once the pod has exited:
   * exit 0 is recorded as the pod's clean exit (code 0); non-zero fails the fault.
   */
  terminate?: string;
  /** (Re)start a stopped pod; the pod counts as ready once its `url`'s readiness path answers 200. */
  start?: string;
  /** Freeze the pod (SIGSTOP: hung, no FIN). */
  pause?: string;
  /** Thaw a paused pod (SIGCONT). */
  resume?: string;
  /**
   * The running system's pods. `url`: the pod's own address (bypassing its load balancer), for the
   * health probes and the readiness wait after `start`; without it probes go to the --target URL.
   * `zone`: fills {zone} (default 'default'). No pods listed: pod faults are refused.
   */
  pods?: Array<{ name: string; zone?: string; url?: string }>;
}

export type AdapterConfig = DrillAdapterConfig | SocketIoEventsAdapterConfig;

/** The reference protocol (the client SDK: resume, outbox, gap fill, polling fallback). */
export interface DrillAdapterConfig {
  kind: 'drill';
}

/**
 * A JSON value whose strings may hold placeholders: {user} {room} {token} {body}
 * {correlationId} {senderSeq}. A string that is exactly one placeholder keeps the value's type
 * (a number for {senderSeq}).
 */
export type Template = string | number | boolean | null | Template[] | { [key: string]: Template };

/** Emit an event; with `acknowledge`, wait for the server's ack callback (Artillery's vocabulary). */
export interface EmitStep {
  emit: string;
  data?: Template;
  /** Wait for the ack; with `match`, the ack's value at `path` must equal `equals` to count as ok. */
  acknowledge?: boolean | { timeoutMs?: number; match?: { path: string; equals: string | number | boolean } };
}

/** The common chat shapes, configured without code. */
export interface SocketIoEventsAdapterConfig {
  kind: 'socketio-events';
  /** Socket.IO path; default /socket.io */
  path?: string;
  /** Namespace; default / */
  namespace?: string;
  transports?: ReadonlyArray<'websocket' | 'polling'>;
  /** Keep cookies between requests (sticky long-polling behind an affinity cookie); default true. */
  cookies?: boolean;
  /** Handshake auth payload (templates). */
  auth?: Record<string, Template>;
  /** Handshake query (templates). */
  query?: Record<string, string>;
  /** An in-band login event, sent after every (re)connect before anything else. */
  login?: EmitStep;
  /** How a user joins its room; absent: everyone in the namespace receives every message. */
  join?: EmitStep;
  send: EmitStep;
  /** A delivery: the event name and the field holding the correlation id (or a text containing it). */
  receive: { on: string; field: string };
  /** Does the sender receive its own message back. */
  echo: boolean;
  /** An event that names the serving pod, when the protocol can tell. */
  pod?: { on: string; field: string };
}

/** A resolved target: its definition, where its relative paths start, and its adapter. */
export interface Target {
  definition: TargetDefinition;
  /** The folder relative paths (local.cwd) are resolved from. */
  baseDir: string;
  adapter: WorkloadAdapter;
  capabilities: ReadonlySet<Capability>;
}
