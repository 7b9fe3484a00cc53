// A container memory limit with restartPolicy Always, as the kernel's OOM killer and the kubelet
// enforce it: over the limit the pod is SIGKILLed at once, then restarted after a backoff that doubles
// with each restart (Kubernetes: 10 s, 20 s, 40 s …), until maxRestarts (CrashLoopBackOff).
import type { ExitStatus, MemoryLimitEvent, PodMemoryLimit } from '../provider.js';
import { MemoryWatchdog } from './memory-watchdog.js';

export interface PodControls {
  pod: string;
  /** The pod's running process group, if any. */
  pgid: () => number | undefined;
  /** SIGKILL, through the pod's own queue of operations. */
  kill: () => Promise<ExitStatus>;
  /** Starts the pod again; resolves once it is ready. */
  start: () => Promise<void>;
  isDown: () => boolean;
}

export interface LimiterDefaults {
  intervalMs: number;
  restartBackoffMs: number;
  maxRestarts: number;
}

export class PodMemoryLimiter {
  private readonly watchdog: MemoryWatchdog;
  private readonly backoffMs: number;
  private readonly maxRestarts: number;
  private restarts = 0;
  private lifted = false;
  private backoff: NodeJS.Timeout | undefined;
  /** The kill or restart under way, if any. */
  private work: Promise<void> = Promise.resolve();

  constructor(
    private readonly controls: PodControls,
    private readonly limit: PodMemoryLimit,
    defaults: LimiterDefaults,
  ) {
    this.backoffMs = limit.restartBackoffMs ?? defaults.restartBackoffMs;
    this.maxRestarts = limit.maxRestarts ?? defaults.maxRestarts;
    this.watchdog = new MemoryWatchdog({
      pgid: controls.pgid,
      limitBytes: limit.bytes,
      intervalMs: defaults.intervalMs,
      onExceeded: (rss) => {
        this.work = this.work.then(() => this.oomKill(rss));
      },
    });
  }

  arm(): void {
    if (!this.lifted && !this.controls.isDown()) this.watchdog.start();
  }

  /** Stops enforcing: no more kills, a pending restart is cancelled, one under way is waited for. */
  async lift(): Promise<void> {
    this.lifted = true;
    this.watchdog.stop();
    clearTimeout(this.backoff);
    this.backoff = undefined;
    await this.work;
  }

  private emit(event: MemoryLimitEvent): void {
    try {
      this.limit.onEvent?.(event);
    } catch {
      // A listener's failure must not stop the restart policy.
    }
  }

  private async oomKill(rssBytes: number): Promise<void> {
    if (this.lifted || this.controls.isDown()) return;
    const { pod } = this.controls;
    let exit: ExitStatus;
    try {
      exit = await this.controls.kill();
    } catch {
      return; // already gone, or the topology is going down
    }
    this.emit({ type: 'oom-killed', pod, rssBytes, limitBytes: this.limit.bytes, exit });
    if (this.lifted || this.controls.isDown()) return;
    if (this.restarts >= this.maxRestarts) {
      this.emit({ type: 'gave-up', pod, restarts: this.restarts });
      return;
    }
    this.restarts += 1;
    const restart = this.restarts;
    const backoffMs = this.backoffMs * 2 ** (restart - 1);
    this.backoff = setTimeout(() => {
      this.backoff = undefined;
      this.work = this.work.then(() => this.restart(restart, backoffMs));
    }, backoffMs);
    this.backoff.unref();
  }

  private async restart(restart: number, backoffMs: number): Promise<void> {
    if (this.lifted || this.controls.isDown()) return;
    const { pod } = this.controls;
    this.emit({ type: 'restarting', pod, restart, backoffMs });
    try {
      await this.controls.start();
    } catch (error) {
      this.emit({ type: 'restart-failed', pod, restart, error: (error as Error).message });
      return;
    }
    this.emit({ type: 'restarted', pod, restart });
    this.arm();
  }
}
