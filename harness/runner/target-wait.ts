// At a planned fault's time: can its planned target be acted on, and if not, how long it waits for
// it. The target itself is never re-drawn (runner/fault-plan.ts drew it before the run).
import type { Topology } from '../env/provider.js';
import type { FaultPlanStep } from '../history/events.js';
import { sleep } from '../load/sleep.js';

/**
 * Pods a fault is working on: from the moment a step takes its target until its injection is done,
 * and while its heal (e.g. a restart) runs. A pod stays "running" while it is being killed or
 * started, so this, not isPodRunning alone, keeps two steps from acting on one pod at once.
 */
export class PodClaims {
  private readonly held = new Map<string, Map<number, string>>();
  private claims = 0;

  /** Claims `pods` for `what` (e.g. "pod-kill-2 is healing it"); the returned release is idempotent. */
  hold(pods: readonly string[], what: string): () => void {
    const claim = ++this.claims;
    for (const pod of pods) {
      const onPod = this.held.get(pod) ?? new Map<number, string>();
      onPod.set(claim, what);
      this.held.set(pod, onPod);
    }
    return () => {
      for (const pod of pods) {
        const onPod = this.held.get(pod);
        onPod?.delete(claim);
        if (onPod?.size === 0) this.held.delete(pod);
      }
    };
  }

  /** What holds `pod` (the oldest claim), or null when nothing does. */
  busyWith = (pod: string): string | null => this.held.get(pod)?.values().next().value ?? null;
}

/**
 * Why the step's planned pods cannot be acted on now, or null when they can: each must be in the
 * topology, running, and not held by an earlier fault (being injected, or healed: a restart still
 * under way).
 */
export function targetDown(
  step: Pick<FaultPlanStep, 'pods'>,
  topology: Pick<Topology, 'pods' | 'isPodRunning'>,
  busyWith: (pod: string) => string | null,
): string | null {
  for (const pod of step.pods) {
    if (!topology.pods.some((p) => p.name === pod)) return `${pod} is not in the topology`;
    if (!topology.isPodRunning(pod)) return `${pod} is not running`;
    const busy = busyWith(pod);
    if (busy !== null) return `${pod} is busy: ${busy}`;
  }
  return null;
}

export interface TargetWait {
  /** The target can be acted on now. */
  up: boolean;
  /** How long it was waited for (0: it was up at once, or the step does not wait). */
  waitedMs: number;
  /** Why it was down: when it came up, the first reason; when it did not, the last one. Null: never down. */
  reason: string | null;
}

/**
 * Polls `down` (null: up) every `pollMs` until it is up or `limitMs` have passed (0: a single look),
 * or `signal` aborts. Times come from `now` (the run's monotonic clock).
 */
export async function awaitTarget(
  down: () => string | null,
  limitMs: number,
  opts: { now: () => number; signal?: AbortSignal; pollMs?: number },
): Promise<TargetWait> {
  const pollMs = opts.pollMs ?? 50;
  const first = down();
  if (first === null) return { up: true, waitedMs: 0, reason: null };
  const start = opts.now();
  let last = first;
  for (;;) {
    const remaining = start + limitMs - opts.now();
    if (remaining <= 0 || opts.signal?.aborted) break;
    await sleep(Math.min(pollMs, remaining), opts.signal);
    const now = down();
    if (now === null) return { up: true, waitedMs: Math.round(opts.now() - start), reason: first };
    last = now;
  }
  return { up: false, waitedMs: Math.round(opts.now() - start), reason: last };
}
