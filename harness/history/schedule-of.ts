import type { FaultPlan, FaultTarget, HistoryEvent } from './events.js';

/** What a seed decides in a run (the fault plan, the faults it started, the send plan), and where the run departed from its plan. */
export interface RunSchedule {
  seed: number | null;
  /** The fault plan (fault.plan): every step's time, concrete target and params, drawn before the run. */
  plan: Omit<FaultPlan, 't' | 'type'> | null;
  /**
   * The faults started, in plan order (a step that waited for its target starts later, not
   * elsewhere in the plan): their planned time and what they hit.
   */
  faults: Array<{ id: string; plannedAt: number | null; fault: string; targets: FaultTarget[] }>;
  /**
   * Steps whose planned target was not up at their time, in plan order: one that waited for it (then
   * ran, on the planned target), or was skipped. How long is timing, not seed: replays report these,
   * and compare plan, faults and sends.
   */
  departures: Array<{
    id: string;
    fault: string;
    outcome: 'waited' | 'skipped';
    waitedMs: number;
    reason: string;
  }>;
  /** [ms after load start, client index] */
  sends: Array<[number, number]>;
}

/**
 * Reduces a history to its schedule, so that two runs of one seed can be compared for equality
 * (replay) whatever the system under test did in between: their `plan`, `faults` and `sends` must be
 * equal (`faults` unless a step was skipped, which `departures` says).
 */
export function scheduleOf(history: readonly HistoryEvent[]): RunSchedule {
  const schedule: RunSchedule = { seed: null, plan: null, faults: [], departures: [], sends: [] };
  for (const e of history) {
    if (e.type === 'run.start') schedule.seed = e.seed;
    else if (e.type === 'load.schedule') schedule.sends = e.sends;
    else if (e.type === 'fault.plan') {
      const { t: _t, type: _type, ...plan } = e;
      schedule.plan = plan;
    } else if (e.type === 'fault.start')
      schedule.faults.push({ id: e.id, plannedAt: e.plannedAt ?? null, fault: e.fault, targets: e.targets });
    else if (e.type === 'fault.waited' || e.type === 'fault.skipped')
      schedule.departures.push({
        id: e.id,
        fault: e.fault,
        outcome: e.type === 'fault.waited' ? 'waited' : 'skipped',
        waitedMs: e.waitedMs,
        reason: e.reason,
      });
  }
  const order = new Map(schedule.plan?.steps.map((step, i) => [step.id, i]) ?? []);
  const rank = (id: string) => order.get(id) ?? Number.MAX_SAFE_INTEGER;
  schedule.faults.sort((x, y) => rank(x.id) - rank(y.id));
  schedule.departures.sort((x, y) => rank(x.id) - rank(y.id));
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
