import type { FaultTarget, HistoryEvent } from './events.js';

/** What a seed decides in a run: when each fault was planned and what it hit, and the send plan. */
export interface RunSchedule {
  seed: number | null;
  faults: Array<{ plannedAt: number | null; fault: string; targets: FaultTarget[] }>;
  /** [ms after load start, client index] */
  sends: Array<[number, number]>;
}

/**
 * Reduces a history to its schedule, so that two runs of one seed can be compared for equality
 * (replay) whatever the system under test did in between.
 */
export function scheduleOf(history: readonly HistoryEvent[]): RunSchedule {
  const schedule: RunSchedule = { seed: null, faults: [], sends: [] };
  for (const e of history) {
    if (e.type === 'run.start') schedule.seed = e.seed;
    else if (e.type === 'load.schedule') schedule.sends = e.sends;
    else if (e.type === 'fault.start')
      schedule.faults.push({ plannedAt: e.plannedAt ?? null, fault: e.fault, targets: e.targets });
  }
  return schedule;
}

/** Per client index, how many sends the plan gives it and how many send.invoke events the run shows. */
export function planCarriedOut(
  history: readonly HistoryEvent[],
  clientIds: readonly string[],
): { planned: number[]; invoked: number[] } {
  const { sends } = scheduleOf(history);
  const planned = clientIds.map(() => 0);
  for (const [, client] of sends) if (client < planned.length) planned[client]!++;
  const index = new Map(clientIds.map((id, i) => [id, i]));
  const invoked = clientIds.map(() => 0);
  for (const e of history) {
    if (e.type !== 'send.invoke') continue;
    const i = index.get(e.client);
    if (i !== undefined) invoked[i]!++;
  }
  return { planned, invoked };
}
