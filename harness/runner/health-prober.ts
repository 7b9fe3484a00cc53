import type { PodInfo } from '../env/provider.js';
import type { HistorySink } from '../load/history-sink.js';

/**
 * Probes every pod's /health directly, like the runbook's readiness probe, and records each
 * answer with whether the pod should be ready at that moment.
 */
export class HealthProber {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly unready = new Map<string, number>();

  /**
   * `paths`: the target's readiness path (recorded as the '/health' probe) and database health path
   * (recorded as '/health/database'); null skips that probe. Default: the runbook's paths.
   */
  constructor(
    private readonly pods: readonly PodInfo[],
    private readonly sink: HistorySink,
    private readonly intervalMs: number,
    private readonly paths: { readiness: string | null; database: string | null } = {
      readiness: '/health',
      database: '/health/database',
    },
  ) {}

  /** Marks pods as expected unready (a fault is on them) until the returned function is called. */
  expectUnready(pods: readonly string[]): () => void {
    for (const p of pods) this.unready.set(p, (this.unready.get(p) ?? 0) + 1);
    return () => {
      for (const p of pods) this.unready.set(p, (this.unready.get(p) ?? 1) - 1);
    };
  }

  start(): void {
    this.timer = setInterval(() => void this.probeAll(), this.intervalMs);
  }

  /** No probe is recorded after this, not even one in flight (the history may be closed next). */
  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
  }

  private async probeAll(): Promise<void> {
    // The event names the probe's role by the runbook's path; the request goes to the target's.
    const endpoints = [
      { endpoint: '/health' as const, path: this.paths.readiness },
      { endpoint: '/health/database' as const, path: this.paths.database },
    ].filter((e): e is { endpoint: '/health' | '/health/database'; path: string } => e.path !== null);
    if (endpoints.length === 0) return;
    await Promise.all(
      this.pods
        .flatMap((pod) => endpoints.map(({ endpoint, path }) => ({ pod, endpoint, path })))
        .map(async ({ pod, endpoint, path }) => {
          const expectedReady = (this.unready.get(pod.name) ?? 0) === 0;
          const started = performance.now();
          let status: number | null = null;
          try {
            const res = await fetch(`${pod.url}${path}`, {
              signal: AbortSignal.timeout(Math.max(1_000, this.intervalMs)),
            });
            status = res.status;
            await res.body?.cancel();
          } catch {
            status = null;
          }
          if (this.stopped) return;
          this.sink.record({
            type: 'probe.health',
            pod: pod.name,
            endpoint,
            status,
            latencyMs: Math.round(performance.now() - started),
            expectedReady,
          });
        }),
    );
  }
}
