import type { CriterionResult } from '../checkers/types.js';
import type { HistoryEvent } from '../history/events.js';
import { chartSeries } from './charts.js';
import { harnessHealth } from '../history/derive/harness-health.js';
import { measurementError } from '../history/derive/measurement-error.js';
import { gitSha, versions } from './run-dir.js';
import {
  judgeExpectedFailure,
  overallVerdict,
  RESULT_SCHEMA_VERSION,
  type FaultWindow,
  type PhaseSpan,
  type RunResult,
} from './result.js';
import type { ScenarioDefinition } from './scenario.js';

export interface ResultInputs {
  scenario: Pick<ScenarioDefinition, 'name' | 'title' | 'runbook' | 'expectFailure'>;
  history: readonly HistoryEvent[];
  criteria: CriterionResult[];
  errors: string[];
  runDir: string;
  startedAt: Date;
  seed: number;
  timeScale: number;
  provider: string;
  clients: number;
  pods: Array<{ name: string; zone: string }>;
  versions?: Record<string, string>;
  gitSha?: string | null;
}

function phaseSpans(history: readonly HistoryEvent[]): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  for (const e of history) {
    if (e.type !== 'phase') continue;
    const open = spans.at(-1);
    if (open) open.endT = e.t;
    spans.push({ phase: e.phase, startT: e.t, endT: e.t });
  }
  const last = spans.at(-1);
  if (last) last.endT = history.at(-1)?.t ?? last.startT;
  return spans;
}

function faultWindows(history: readonly HistoryEvent[]): FaultWindow[] {
  const windows = new Map<string, FaultWindow>();
  for (const e of history) {
    if (e.type === 'fault.start') {
      windows.set(e.id, {
        id: e.id,
        fault: e.fault,
        targets: e.targets.map((t) => t.name),
        startT: e.t,
        endT: null,
      });
    } else if (e.type === 'fault.end') {
      const w = windows.get(e.id);
      if (w) w.endT = e.t;
    }
  }
  return [...windows.values()];
}

function counters(history: readonly HistoryEvent[]): Record<string, number> {
  const c: Record<string, number> = {
    sends: 0,
    acked: 0,
    failed: 0,
    unknown: 0,
    delivered: 0,
    connects: 0,
    disconnects: 0,
    unplannedDisconnects: 0,
    gapFills: 0,
    resets: 0,
    healthProbes: 0,
  };
  for (const e of history) {
    if (e.type === 'send.invoke') c.sends!++;
    else if (e.type === 'send.ok') c.acked!++;
    else if (e.type === 'send.fail') c.failed!++;
    else if (e.type === 'send.unknown') c.unknown!++;
    else if (e.type === 'deliver') c.delivered!++;
    else if (e.type === 'client.connect') c.connects!++;
    else if (e.type === 'client.disconnect') {
      c.disconnects!++;
      if (!e.planned) c.unplannedDisconnects!++;
    } else if (e.type === 'client.gap') c.gapFills!++;
    else if (e.type === 'client.reset') c.resets!++;
    else if (e.type === 'probe.health') c.healthProbes!++;
  }
  return c;
}

/**
 * A planned fault that never ran leaves the run short of what its scenario promised: its verdicts do
 * not cover that fault, so the run cannot pass (a harness error, exit code 2).
 */
export function skippedFaults(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((e) =>
    e.type === 'fault.skipped'
      ? [
          `planned fault ${e.id} was skipped${e.waitedMs > 0 ? ` after waiting ${Math.round(e.waitedMs)} ms` : ''}: ${e.reason}; the verdicts do not cover it`,
        ]
      : [],
  );
}

export function buildResult(i: ResultInputs): RunResult {
  const end = i.history.at(-1)?.t ?? 0;
  const errors = [...i.errors, ...skippedFaults(i.history)];
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    scenario: {
      name: i.scenario.name,
      title: i.scenario.title,
      runbook: i.scenario.runbook.file,
      section: i.scenario.runbook.section,
    },
    verdict: errors.length > 0 ? 'unknown' : overallVerdict(i.criteria),
    startedAt: i.startedAt.toISOString(),
    durationMs: Math.round(end),
    seed: i.seed,
    timeScale: i.timeScale,
    provider: i.provider,
    clients: i.clients,
    pods: i.pods,
    versions: i.versions ?? versions(),
    gitSha: i.gitSha === undefined ? gitSha() : i.gitSha,
    criteria: i.criteria,
    phases: phaseSpans(i.history),
    faults: faultWindows(i.history),
    faultsDelayed: i.history.flatMap((e) =>
      e.type === 'fault.waited' ? [{ id: e.id, fault: e.fault, waitedMs: e.waitedMs, reason: e.reason }] : [],
    ),
    charts: chartSeries(
      i.history,
      i.pods.map((p) => p.name),
    ),
    counters: counters(i.history),
    measurementError: measurementError(i.history),
    harnessHealth: harnessHealth(i.history),
    ...(i.scenario.expectFailure
      ? { expectedFailure: judgeExpectedFailure(i.criteria, i.scenario.expectFailure) }
      : {}),
    errors,
    runDir: i.runDir,
  };
}
