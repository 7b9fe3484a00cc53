// The memory limits of a topology's pods, the same for every provider that can read a pod's processes
// in this machine's /proc: each pod's limit is a PodMemoryLimiter on the resident memory of its
// process group, with the runbook's restart backoff (Kubernetes: 10 s, doubling) scaled by the run.
import type { ExitStatus, PodMemoryLimit } from './provider.js';
import { groupRssBytes } from './local/memory-watchdog.js';
import { PodMemoryLimiter } from './local/pod-memory-limiter.js';

/** How often a pod under a memory limit has its resident memory read (the OOM killer acts at once). */
const MEMORY_CHECK_INTERVAL_MS = 100;
/** Kubernetes' first restart backoff after a crash (CrashLoopBackOff doubles it), before the time scale. */
const RUNBOOK_RESTART_BACKOFF_MS = 10_000;
/** Restarts a memory limit causes before the pod is left down (CrashLoopBackOff). */
const MEMORY_LIMIT_MAX_RESTARTS = 5;

export interface PodMemoryControls {
  /** 'local provider', 'containers provider': the start of every error message */
  provider: string;
  timeScale: number;
  /** The pod's running process group as this machine sees it, if it runs. */
  pgid(pod: string): number | undefined;
  kill(pod: string): Promise<ExitStatus>;
  start(pod: string): Promise<void>;
  isDown(): boolean;
}

export class PodMemoryLimits {
  private readonly limiters = new Map<string, PodMemoryLimiter>();

  constructor(private readonly controls: PodMemoryControls) {}

  /** Sets a pod's limit (replacing one it had), or lifts it with null. */
  async set(pod: string, limit: PodMemoryLimit | null): Promise<void> {
    await this.lift(pod);
    if (limit === null) return;
    const { provider } = this.controls;
    if (!(limit.bytes > 0))
      throw new Error(`${provider}: a memory limit must be > 0 bytes, got ${limit.bytes}`);
    const pgid = this.controls.pgid(pod);
    if (pgid !== undefined && groupRssBytes(pgid) === undefined)
      throw new Error(
        `${provider}: cannot read ${pod}'s memory: its processes are not in this machine's /proc`,
      );
    const limiter = new PodMemoryLimiter(
      {
        pod,
        pgid: () => this.controls.pgid(pod),
        kill: () => this.controls.kill(pod),
        start: () => this.controls.start(pod),
        isDown: () => this.controls.isDown(),
      },
      limit,
      {
        intervalMs: MEMORY_CHECK_INTERVAL_MS,
        restartBackoffMs: Math.round(RUNBOOK_RESTART_BACKOFF_MS * this.controls.timeScale),
        maxRestarts: MEMORY_LIMIT_MAX_RESTARTS,
      },
    );
    this.limiters.set(pod, limiter);
    limiter.arm();
  }

  /** Stops enforcing a pod's limit: a pending restart is cancelled, one under way is waited for. */
  async lift(pod: string): Promise<void> {
    const limiter = this.limiters.get(pod);
    this.limiters.delete(pod);
    await limiter?.lift();
  }

  async liftAll(): Promise<void> {
    await Promise.all([...this.limiters.keys()].map((pod) => this.lift(pod)));
  }

  /** The pod's resident memory now; undefined when it is not running. */
  bytes(pod: string): number | undefined {
    const pgid = this.controls.pgid(pod);
    return pgid === undefined ? undefined : groupRssBytes(pgid);
  }
}
