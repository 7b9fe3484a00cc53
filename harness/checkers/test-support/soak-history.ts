// Histories of a memory soak for the memory checkers' tests: a steady state, a connection churn in
// cycles with quiet gaps, and the span after it, with a /metrics sample of every pod every 500 ms.
import type { HistoryEvent } from '../../history/events.js';
import { HistoryBuilder } from './history-builder.js';

const MiB = 1024 * 1024;
export const CHURN_ID = 'connection-churn-1';

export interface SampleValues {
  connections: number;
  rssMiB: number;
  sessions?: number | null;
  heapMiB?: number;
}

/** One metrics.sample of `pod` at the builder's current time. */
export function sample(b: HistoryBuilder, pod: string, v: SampleValues): HistoryBuilder {
  return b.push({
    type: 'metrics.sample',
    pod,
    connections: v.connections,
    rssBytes: v.rssMiB * MiB,
    heapUsedBytes: (v.heapMiB ?? 30) * MiB,
    sessions: v.sessions === undefined ? v.connections : v.sessions,
    redisUp: true,
    databaseUp: true,
    presenceEnabled: true,
  });
}

export interface SoakOptions {
  pods?: string[];
  cycles?: number;
  /** Fleet connections per pod. */
  fleet?: number;
  /** Churn connections each pod serves per cycle. */
  perCycle?: number;
  baselineMiB?: number;
  /** RSS of a pod in the quiet gap after a cycle (1-based); default: baselineMiB. */
  quietMiB?: (pod: string, cycle: number) => number;
  /** RSS of a pod after the churn; default: its last quiet value. */
  afterMiB?: (pod: string) => number;
  /** Session records a pod never releases per churn connection (1: every one leaks). */
  leakPerConnection?: number;
  /** Whether the pods export websocket_sessions. */
  sessions?: boolean;
}

export interface Soak {
  builder: HistoryBuilder;
  /** When the span after the churn ends (finish() begins the final sync then). */
  endT: number;
}

/**
 * A steady state (0-3 s), the churn (from 3 s, 2 s a cycle) and samples after it; more events may be
 * added before `finish` puts the final sync at endT (2 s after the churn).
 */
export function soakHistory(o: SoakOptions = {}): Soak {
  const pods = o.pods ?? ['pod-a', 'pod-b', 'pod-c'];
  const cycles = o.cycles ?? 6;
  const fleet = o.fleet ?? 20;
  const perCycle = o.perCycle ?? 100;
  const base = o.baselineMiB ?? 100;
  const quiet = o.quietMiB ?? (() => base);
  const leak = o.leakPerConnection ?? 0;
  const exported = o.sessions ?? true;
  const b = new HistoryBuilder({ pods }).phase('steady-state');
  let leaked = 0;
  const all = (v: (pod: string) => SampleValues) => {
    for (const pod of pods) {
      const values = v(pod);
      sample(b, pod, {
        ...values,
        sessions: exported ? (values.sessions ?? values.connections + leaked) : null,
      });
    }
  };
  for (let t = 0; t < 3000; t += 500) {
    b.at(t);
    all(() => ({ connections: fleet, rssMiB: base }));
  }
  b.at(3000).faultStart(CHURN_ID, [], [{ kind: 'load-balancer', name: 'load-balancer' }]);
  for (let cycle = 1; cycle <= cycles; cycle++) {
    const t0 = 3000 + (cycle - 1) * 2000;
    b.at(t0).push({ type: 'churn.cycle', cycle, state: 'opening', openedByPod: {}, failed: 0 });
    b.at(t0 + 500);
    all((pod) => ({ connections: fleet + perCycle, rssMiB: quiet(pod, cycle) + 10 }));
    leaked += perCycle * leak;
    b.at(t0 + 1000).push({
      type: 'churn.cycle',
      cycle,
      state: 'closed',
      openedByPod: Object.fromEntries(pods.map((pod) => [pod, perCycle])),
      failed: 0,
    });
    for (const dt of [1200, 1700]) {
      b.at(t0 + dt);
      all((pod) => ({ connections: fleet, rssMiB: quiet(pod, cycle) }));
    }
  }
  const churnEnd = 3000 + cycles * 2000;
  b.at(churnEnd).faultEnd(CHURN_ID);
  for (const dt of [200, 700, 1200, 1700]) {
    b.at(churnEnd + dt);
    all((pod) => ({ connections: fleet, rssMiB: o.afterMiB?.(pod) ?? quiet(pod, cycles) }));
  }
  return { builder: b, endT: churnEnd + 2000 };
}

/** The history, with the final sync (the end of the span after the churn) at endT. */
export function finish(soak: Soak): HistoryEvent[] {
  return soak.builder.at(soak.endT).phase('final-sync').end().build();
}
