import type { EventOfType, HistoryEvent, Phase } from '../events.js';

export function runStart(history: readonly HistoryEvent[]): EventOfType<'run.start'> | undefined {
  return history.find((e): e is EventOfType<'run.start'> => e.type === 'run.start');
}

/** `run.end`'s t, or the last event's when the run has not ended (checkers run before it). */
export function runEndT(history: readonly HistoryEvent[]): number {
  for (let i = history.length - 1; i >= 0; i--) {
    const e = history[i];
    if (e?.type === 'run.end') return e.t;
  }
  return history.at(-1)?.t ?? 0;
}

export interface PhaseSpan {
  phase: Phase;
  startT: number;
  /** The next phase's start, or the run's end. */
  endT: number;
}

export function phaseSpans(history: readonly HistoryEvent[]): PhaseSpan[] {
  const spans: PhaseSpan[] = [];
  for (const e of history) {
    if (e.type !== 'phase') continue;
    const previous = spans.at(-1);
    if (previous !== undefined) previous.endT = e.t;
    spans.push({ phase: e.phase, startT: e.t, endT: e.t });
  }
  const last = spans.at(-1);
  if (last !== undefined) last.endT = Math.max(last.startT, runEndT(history));
  return spans;
}

/** When `phase` was first entered, if ever. */
export function phaseStartT(history: readonly HistoryEvent[], phase: Phase): number | undefined {
  return history.find((e) => e.type === 'phase' && e.phase === phase)?.t;
}

/** The moment clients must have recovered by: the start of 'final-sync', else the run's end. */
export function finalSyncT(history: readonly HistoryEvent[]): number {
  return phaseStartT(history, 'final-sync') ?? runEndT(history);
}

/**
 * Where the observed run stops: the start of 'judge' or 'teardown', whichever comes first, else
 * the run's end. After it the harness closes clients and stops pods on purpose.
 */
export function observedEndT(history: readonly HistoryEvent[]): number {
  const ends = (['judge', 'teardown'] as const)
    .map((phase) => phaseStartT(history, phase))
    .filter((t): t is number => t !== undefined);
  return ends.length > 0 ? Math.min(...ends) : runEndT(history);
}
