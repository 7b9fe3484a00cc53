import type { TargetSelector } from '../faults/fault.js';

/** A criterion as a scenario names it: the checker's id, or the id with what differs from its defaults. */
export type ScenarioCriterion = string | { id: string; threshold?: number; source?: string };

/** Durations are runbook seconds: the runner multiplies them by --time-scale. */
export interface ScenarioDefinition {
  name: string;
  title: string;
  /** The runbook text this scenario encodes, quoted so a reader can check it line by line. */
  runbook: { file: string; section: string; quote: string };
  topology: { pods: number; zones: readonly string[]; standby: boolean; databaseZone: string };
  load: {
    clients: number;
    roomSize: number;
    /** Open-model arrival rate over the whole fleet. */
    messagesPerSecond: number;
    messageBytes: number;
    connectRatePerSecond: number;
    /** How virtual users connect: websocket only (default), long-polling only, or auto (websocket, falling back to polling). */
    transport?: 'websocket' | 'polling' | 'auto';
  };
  timeline: {
    warmup: number;
    steadyState: number;
    /** From the first fault to the end of observation. */
    observe: number;
    settle: number;
  };
  faults: Array<{
    /** Seconds after the fault phase starts. */
    at: number;
    fault: string;
    target: TargetSelector;
    /** Seconds after injection that heal() runs; absent: at the end of observation. */
    healAfter?: number;
    params?: Record<string, unknown>;
    /**
     * The target is drawn before the run (`random` included: runner/fault-plan.ts) and never re-drawn.
     * When a planned pod is not up at the step's time (not running, or an earlier fault's heal, e.g. a
     * restart, still under way): 'wait' (default) injects as soon as it is, for at most `maxWait`,
     * never past the observation window, then skips; 'skip' skips at once. Either is recorded
     * (fault.waited, fault.skipped). Links and components are never waited for.
     */
    ifTargetDown?: 'wait' | 'skip';
    /** Runbook seconds (scaled) 'wait' waits at most; default 60, and never under 10 real seconds. */
    maxWait?: number;
  }>;
  /**
   * The criteria to judge: a checker's id alone judges it with its own default threshold and runbook
   * source; an object names only what differs (a threshold this scenario needs, or a more specific
   * quote).
   */
  criteria: Array<ScenarioCriterion>;
  /** Runbook timings the gateways run with, in runbook milliseconds (scaled by the runner). */
  gateway: {
    pingIntervalMs: number;
    pingTimeoutMs: number;
    drainTimeoutMs: number;
    terminationGraceMs: number;
  };
  loadBalancer: {
    checkIntervalMs: number;
    tunnelTimeoutMs: number;
    affinity?: boolean;
    allowUpgrade?: boolean;
  };
  /** Real Chromium pages on the gateway's chat page, in a room of their own, typing every few seconds. */
  browsers?: { pages: number; typeEverySeconds: number };
  /**
   * A scenario that demonstrates a misconfiguration: these criteria must fail (with evidence) and
   * no other may, except those in `mayAlsoFail`. Then the run counts as passing; otherwise it fails.
   */
  expectFailure?: { criteria: string[]; mayAlsoFail?: string[]; reason: string };
  /** Extra gateway environment for this scenario (unscaled; e.g. RATE_LIMIT_*). */
  gatewayEnv?: Record<string, string>;
}

export function defineScenario(s: ScenarioDefinition): ScenarioDefinition {
  return s;
}

/** The runbooks' own numbers, shared by every scenario that does not say otherwise. */
export const RUNBOOK_DEFAULTS = {
  gateway: {
    pingIntervalMs: 25_000,
    pingTimeoutMs: 25_000,
    drainTimeoutMs: 30_000,
    terminationGraceMs: 45_000,
  },
  loadBalancer: { checkIntervalMs: 15_000, tunnelTimeoutMs: 80_000 },
  topology: { pods: 3, zones: ['a', 'b', 'c'], standby: true, databaseZone: 'a' },
} as const;
