// The history is the only contract between running and judging: everything the clients, the
// fault injectors and the probes observe is appended as one of these, in order of `t`.
// `t` is milliseconds since the run started, from a monotonic clock.

export const HISTORY_VERSION = 1;

export type Phase =
  | 'boot'
  | 'warmup'
  | 'steady-state'
  | 'fault'
  | 'observe'
  | 'heal'
  | 'settle'
  | 'final-sync'
  | 'judge'
  | 'teardown';

interface At {
  t: number;
}

export type RunStart = At & {
  type: 'run.start';
  version: number;
  scenario: string;
  seed: number;
  timeScale: number;
  /** Wall-clock epoch ms at t = 0, to line the history up with component logs. */
  wallClockAt0: number;
  clients: number;
  pods: Array<{ name: string; zone: string }>;
  /** The system under test and what it offers (absent in histories from before targets). */
  target?: { name: string; capabilities: string[] };
};
export type PhaseChange = At & { type: 'phase'; phase: Phase };
export type RunEnd = At & { type: 'run.end'; outcome: 'completed' | 'aborted'; reason?: string };

/** A virtual user's socket came up; `pod` is what the server said in its welcome, when known. */
export type ClientConnect = At & {
  type: 'client.connect';
  client: string;
  pod: string | null;
  transport: 'websocket' | 'polling' | null;
  attempt: number;
  /** true on every connect after the first. */
  reconnect: boolean;
};
/** The pod a client is served by, as the gateway's welcome told it (follows client.connect). */
export type ClientAttach = At & { type: 'client.attach'; client: string; pod: string; zone: string };
export type ClientDisconnect = At & {
  type: 'client.disconnect';
  client: string;
  pod: string | null;
  reason: string;
  /** true when the client left on purpose (server_shutdown drain, or its own close). */
  planned: boolean;
};
/** A room is caught up after a (re)connect: replay done. Ends a reconnect. */
export type ClientResumed = At & {
  type: 'client.resumed';
  client: string;
  room: string;
  replayed: number;
  reset: boolean;
};
/** Membership begins: the client delivers every seq above `fromSeq` from now on. */
export type ClientJoin = At & { type: 'client.join'; client: string; room: string; fromSeq: number };
export type ClientGapFilled = At & {
  type: 'client.gap';
  client: string;
  room: string;
  from: number;
  to: number;
  count: number;
};
export type ClientReset = At & {
  type: 'client.reset';
  client: string;
  room: string;
  from: number | null;
  to: number;
};
export type ClientState = At & { type: 'client.state'; client: string; from: string; to: string };
export type ClientShutdownNotice = At & { type: 'client.shutdown-notice'; client: string; pod: string };
export type ClientClosed = At & { type: 'client.closed'; client: string };

export type SendInvoke = At & {
  type: 'send.invoke';
  client: string;
  room: string;
  clientMsgId: string;
  /** The sender's own running number for its sends (1, 2, …), carried in the payload to judge per-sender order. */
  senderSeq?: number;
};
/** ok: acked (with the server's seq when the target has server-sequence). */
export type SendOk = At & {
  type: 'send.ok';
  client: string;
  room: string;
  clientMsgId: string;
  seq?: number;
  attempts: number;
  latencyMs: number;
};
/** fail: definitely not committed. */
export type SendFail = At & {
  type: 'send.fail';
  client: string;
  room: string;
  clientMsgId: string;
  code: string;
};
/** unknown: timed out after at least one attempt went out; it may or may not have committed. */
export type SendUnknown = At & {
  type: 'send.unknown';
  client: string;
  room: string;
  clientMsgId: string;
  code: string;
};

/**
 * The seeded open-model send plan, recorded before the load starts: [ms after load start, client
 * index] pairs. The same seed gives the same plan; send.invoke events show it being carried out.
 */
export type LoadSchedule = At & { type: 'load.schedule'; sends: Array<[number, number]> };

/** A message handed to the application by the SDK (after its dedup and ordering). */
export type Deliver = At & {
  type: 'deliver';
  client: string;
  room: string;
  /** The server's per-room sequence number; absent when the target has no server-sequence. */
  seq?: number;
  clientMsgId: string;
  sender: string;
  /** The sender's running number for this message (send.invoke's senderSeq), when the payload carried it. */
  senderSeq?: number;
  /** Epoch ms of the database commit; with wallClockAt0 gives delivery latency. */
  committedAt: number;
};

export interface FaultTarget {
  kind: 'pod' | 'zone' | 'link' | 'redis' | 'database' | 'load-balancer';
  /** pod name, zone name, link name ('client->pod-a', 'pod-a->redis', 'pod-a->postgres'), … */
  name: string;
}
export type FaultStart = At & {
  type: 'fault.start';
  id: string;
  fault: string;
  targets: FaultTarget[];
  /** Pods whose clients the fault is expected to disturb (the rest are collateral). */
  affectedPods: string[];
  params?: Record<string, unknown>;
  /** When the scenario planned it: ms after the fault phase began (scaled). Replays compare this. */
  plannedAt?: number;
};
/** inject() has resolved: the fault is fully in place (fault.start marks when injecting began). */
export type FaultInjected = At & { type: 'fault.injected'; id: string; fault: string };
/**
 * heal() began. With fault.injected it bounds what the fault really did: it held at least from
 * fault.injected to fault.healing, at most from fault.start to fault.end (the proxy or process
 * acted somewhere inside each call).
 */
export type FaultHealing = At & { type: 'fault.healing'; id: string; fault: string };
export type FaultEnd = At & { type: 'fault.end'; id: string; fault: string };

/** A scenario step's target once planned: concrete (never `random`); the same shapes as the scenario's. */
export type PlannedTarget =
  | { pod: string }
  | { zone: string }
  | { link: string }
  | { component: 'redis' | 'database' | 'load-balancer' }
  | { podOfClient: string };

/** One step of the fault plan, everything the seed and the scenario decide about it. */
export interface FaultPlanStep {
  /** `<fault>-<step number>`, the id of its fault.start / fault.end. */
  id: string;
  fault: string;
  /** ms after the fault phase began (scaled). */
  plannedAt: number;
  /** ms after injection that heal() runs (scaled); null: at the end of observation. */
  healAfter: number | null;
  /** What the fault is handed: `random` already drawn; `podOfClient` is left to live state on purpose. */
  target: PlannedTarget;
  /** The planned pods the target covers: each must be running, and not being healed, at its time. */
  pods: string[];
  params: Record<string, unknown>;
  /** When a planned pod is not up at its time: wait for it (at most maxWaitMs), or skip the fault. */
  ifTargetDown: 'wait' | 'skip';
  maxWaitMs: number;
}

/**
 * The whole fault plan, drawn from the seed over the planned topology before the run starts and
 * never re-drawn: two runs of one seed have equal plans, whatever the system did in between.
 */
export type FaultPlan = At & {
  type: 'fault.plan';
  seed: number;
  timeScale: number;
  /** The pods the scenario's topology was planned with (the provider's must match). */
  pods: Array<{ name: string; zone: string }>;
  steps: FaultPlanStep[];
};
/** A planned fault started late: its target was not up at its planned time (`reason`) for `waitedMs`. */
export type FaultWaited = At & {
  type: 'fault.waited';
  id: string;
  fault: string;
  waitedMs: number;
  reason: string;
};
/** A planned fault did not run: its target was not up (`reason`), after waiting `waitedMs` (0: did not wait). */
export type FaultSkipped = At & {
  type: 'fault.skipped';
  id: string;
  fault: string;
  waitedMs: number;
  reason: string;
};

export type PodState = At & {
  type: 'pod.state';
  pod: string;
  state: 'ready' | 'killed' | 'terminating' | 'exited' | 'paused' | 'resumed' | 'started';
  exitCode?: number | null;
  /** Why it was killed, as Kubernetes reports it: OOMKilled when its memory went over its limit. */
  reason?: 'OOMKilled';
  /** With OOMKilled: the pod's resident memory when it was killed, and its limit. */
  rssBytes?: number;
  limitBytes?: number;
};

/** A pod's memory limit was set (bytes) or lifted (null); rssBytes: its resident memory then. */
export type PodMemoryLimit = At & {
  type: 'pod.memory-limit';
  pod: string;
  limitBytes: number | null;
  rssBytes: number | null;
};

/**
 * One cycle of the connection-churn fault: `opening` when its short-lived clients start to connect,
 * `closed` once all of them are closed again, with how many connected on each pod (as their welcome
 * said) and how many failed to connect or join.
 */
export type ChurnCycle = At & {
  type: 'churn.cycle';
  cycle: number;
  state: 'opening' | 'closed';
  openedByPod: Record<string, number>;
  failed: number;
};

/** A load-balancer-style health probe of one pod. */
export type HealthProbe = At & {
  type: 'probe.health';
  pod: string;
  endpoint: '/health' | '/health/database';
  status: number | null;
  latencyMs: number;
  /** Whether the pod should be ready now (false inside a fault window that targets it). */
  expectedReady: boolean;
};

/**
 * One scrape of a pod's /metrics (the runbook's Prometheus names). A field is null when the pod
 * did not expose it; the whole sample is absent when the scrape failed (pod down).
 */
export type MetricsSample = At & {
  type: 'metrics.sample';
  pod: string;
  /** websocket_connections */
  connections: number | null;
  /** process_resident_memory_bytes */
  rssBytes: number | null;
  /** nodejs_heap_size_used_bytes */
  heapUsedBytes: number | null;
  /** websocket_sessions: per-connection state the gateway still holds */
  sessions: number | null;
  /** websocket_redis_up, websocket_database_up, websocket_presence_enabled */
  redisUp: boolean | null;
  databaseUp: boolean | null;
  presenceEnabled: boolean | null;
};

/**
 * One answer of a pod's presence listing for a room (GET /presence/<room>), asked by the harness's
 * own observer: `members` are the distinct [userId, pod] pairs listed, `ttlMs` the presence TTL the
 * gateways were given. `t` is when the answer arrived; the pod read its clock after t - latencyMs.
 */
export type PresenceProbe = At & {
  type: 'probe.presence';
  room: string;
  /** The pod asked. */
  pod: string;
  enabled: boolean;
  members: Array<[userId: string, pod: string]>;
  ttlMs: number;
  latencyMs: number;
};

/** The final audit: every message PostgreSQL holds for a room at the end. */
export type AuditCommitted = At & {
  type: 'audit.committed';
  room: string;
  messages: Array<{ seq: number; clientMsgId: string }>;
};
/** Room membership of the workload: which clients are in which room. */
export type RoomsAssigned = At & { type: 'rooms.assigned'; rooms: Record<string, string[]> };

/** What a browser page's status badge shows (Live, Polling, Reconnecting, Offline…). */
export type BrowserBadge = At & { type: 'browser.badge'; client: string; text: string };
/** A message the harness typed into a page's input and submitted with its button. */
export type BrowserTyped = At & { type: 'browser.typed'; client: string; room: string; text: string };
/** The seqs a page's message list shows at the end, read from the DOM. */
export type BrowserRendered = At & {
  type: 'browser.rendered';
  client: string;
  room: string;
  seqs: number[];
  texts: string[];
};

/**
 * How far the harness's own measurements can be off, recorded once before judging: its event loop's
 * lateness over the run (every timestamp may be late by up to that) and the database clock's offset
 * from the harness's wall clock (delivery latency compares the two), known within ± rtt/2.
 */
export type HarnessClock = At & {
  type: 'harness.clock';
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  databaseOffsetMs: number | null;
  databaseRttMs: number | null;
};

/**
 * How loaded the harness and its machine were over the `intervalMs` ending at `t`, sampled through
 * the run: the harness process's own CPU (1 = one core), the machine's CPU busy and steal fractions
 * (/proc/stat), the 1-minute load average and the cores the harness may use, and the event loop's
 * worst lateness in the interval. A field is null where the machine cannot tell (steal needs /proc).
 */
export type HarnessLoad = At & {
  type: 'harness.load';
  intervalMs: number;
  ownCpu: number;
  machineBusy: number | null;
  steal: number | null;
  loadAvg1: number | null;
  cores: number;
  loopLateMaxMs: number;
};

// ---- security-incident: what the attack and rotation faults observe (never virtual users: no `client`
// field, so the fleet's checkers do not count them) ------------------------------------------------

/** Tokens the gateway must always refuse ('old-secret' only once a rotation retired its secret). */
export const BAD_TOKEN_KINDS = [
  'wrong-signature',
  'expired',
  'malformed',
  'missing',
  'alg-none',
  'forged-resume',
] as const;

/** What a security probe presented at a handshake. */
export type AuthProbeKind = 'valid' | (typeof BAD_TOKEN_KINDS)[number] | 'old-secret';

/** One handshake a security probe attempted, and what the gateway did with it. */
export type AuthAttempt = At & {
  type: 'auth.attempt';
  probe: string;
  kind: AuthProbeKind;
  /** 'load-balancer', or the pod the probe went to directly. */
  via: string;
  outcome: 'accepted' | 'refused' | 'timeout' | 'error';
  /** connect_error's code (e.g. 'unauthorized') when refused. */
  code: string | null;
  /** The welcoming pod when accepted. */
  pod: string | null;
  /** The user a forged resume claimed to be. */
  claims?: string;
};

/** A step of a secret rotation: pods accept [new, old]; the issuer signs with new; pods accept new only. */
export type SecretRotation = At & {
  type: 'secret.rotation';
  step: 'accept-both' | 'issuer-switched' | 'old-retired';
  /** Pods running once the step is done. */
  pods: string[];
};

/** An abusive client's connection opened, was refused, or closed (byServer: the gateway cut it). */
export type AbuseConnection = At & {
  type: 'abuse.connection';
  abuser: string;
  connection: string;
  state: 'open' | 'refused' | 'closed';
  pod: string | null;
  code: string | null;
  reason?: string;
  byServer?: boolean;
};
/** The reply to one of an abusive client's sends: 'ok', the error code, or 'no-reply'. */
export type AbuseReply = At & {
  type: 'abuse.reply';
  abuser: string;
  connection: string;
  outcome: string;
  /** From the send to this reply: the send went out at t - latencyMs. */
  latencyMs: number;
};

/** A connection of a connection flood aimed straight at one pod. */
export type FloodConnection = At & {
  type: 'flood.connection';
  pod: string;
  index: number;
  state: 'open' | 'refused' | 'timeout' | 'error' | 'closed';
  code: string | null;
  byServer?: boolean;
};

/**
 * Who is connected at a checkpoint of the run (the end of the ramp, before the first fault): a
 * system that cannot take or keep its clients fails here, before any fault.
 */
export type ClientsCensus = At & {
  type: 'clients.census';
  checkpoint: 'ramp' | 'steady-state';
  clients: number;
  connected: number;
  /** The first unconnected users (at most 20) and the SDK's last error for each. */
  unconnected: Array<{ client: string; lastError: string | null }>;
};

export type Note = At & { type: 'note'; level: 'info' | 'warn' | 'error'; message: string };

export type HistoryEvent =
  | RunStart
  | PhaseChange
  | RunEnd
  | ClientConnect
  | ClientAttach
  | ClientDisconnect
  | ClientResumed
  | ClientJoin
  | ClientGapFilled
  | ClientReset
  | ClientState
  | ClientShutdownNotice
  | ClientClosed
  | SendInvoke
  | SendOk
  | SendFail
  | SendUnknown
  | LoadSchedule
  | Deliver
  | FaultStart
  | FaultInjected
  | FaultHealing
  | FaultEnd
  | FaultPlan
  | FaultWaited
  | FaultSkipped
  | PodState
  | PodMemoryLimit
  | ChurnCycle
  | HealthProbe
  | MetricsSample
  | PresenceProbe
  | AuditCommitted
  | RoomsAssigned
  | BrowserBadge
  | BrowserTyped
  | BrowserRendered
  | HarnessClock
  | HarnessLoad
  | ClientsCensus
  | AuthAttempt
  | SecretRotation
  | AbuseConnection
  | AbuseReply
  | FloodConnection
  | Note;

export type EventOfType<K extends HistoryEvent['type']> = Extract<HistoryEvent, { type: K }>;

/** Distributes Omit over the union so each member keeps its own fields. */
export type Unstamped<E> = E extends HistoryEvent ? Omit<E, 't'> : never;
