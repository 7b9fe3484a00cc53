import type { CriterionRequest } from '../checkers/index.js';
import type { HistoryEvent } from '../history/events.js';
import type { ScenarioCriterion, ScenarioDefinition } from './scenario.js';

/**
 * Judged in every run: a system that cannot take or keep its clients fails before any fault (its
 * threshold and source are the clients-connected checker's own).
 */
export const CLIENTS_CONNECTED: CriterionRequest = { id: 'clients-connected' };

/** A scenario's criterion as a request: an id alone takes the checker's threshold and source. */
export function criterionRequest(c: ScenarioCriterion): CriterionRequest {
  if (typeof c === 'string') return { id: c };
  return {
    id: c.id,
    ...(c.threshold !== undefined ? { threshold: c.threshold } : {}),
    ...(c.source !== undefined ? { source: c.source } : {}),
  };
}

/** The ids a scenario names, in its order. */
export function criterionIds(scenario: Pick<ScenarioDefinition, 'criteria'>): string[] {
  return scenario.criteria.map((c) => (typeof c === 'string' ? c : c.id));
}

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
  return unusable ? [CLIENTS_CONNECTED] : [CLIENTS_CONNECTED, ...scenario.criteria.map(criterionRequest)];
}
