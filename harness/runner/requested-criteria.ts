import type { CriterionRequest } from '../checkers/index.js';
import type { HistoryEvent } from '../history/events.js';
import type { ScenarioDefinition } from './scenario.js';

/** Judged in every run: a system that cannot take or keep its clients fails before any fault. */
export const CLIENTS_CONNECTED: CriterionRequest = {
  id: 'clients-connected',
  threshold: 0,
  source:
    'Every client connects and stays connected before any fault (no verdict on the faults is possible otherwise)',
};

/**
 * The criteria a run is judged on, from its history alone (so `drill check` judges like the run
 * did): when a census found clients missing before the fault, the run stopped there and only
 * clients-connected can be judged.
 */
export function requestedCriteria(
  scenario: Pick<ScenarioDefinition, 'criteria'>,
  history: readonly HistoryEvent[],
): CriterionRequest[] {
  const unusable = history.some((e) => e.type === 'clients.census' && e.connected < e.clients);
  return unusable ? [CLIENTS_CONNECTED] : [CLIENTS_CONNECTED, ...scenario.criteria];
}
