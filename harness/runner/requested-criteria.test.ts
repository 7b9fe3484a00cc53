import { describe, expect, it } from 'vitest';
import { runCheckers } from '../checkers/index.js';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { criterionIds, criterionRequest, requestedCriteria } from './requested-criteria.js';

describe('requested criteria', () => {
  const scenario = {
    criteria: [
      'duplicates',
      { id: 'reconnect-time', threshold: 3_000 },
      { id: 'undelivered', source: 'a quote of our own' },
    ],
  };

  it('normalises what a scenario names: an id alone, or the id with what differs', () => {
    expect(scenario.criteria.map(criterionRequest)).toEqual([
      { id: 'duplicates' },
      { id: 'reconnect-time', threshold: 3_000 },
      { id: 'undelivered', source: 'a quote of our own' },
    ]);
    expect(criterionIds(scenario)).toEqual(['duplicates', 'reconnect-time', 'undelivered']);
  });

  it("judges clients-connected first, then the scenario's; only clients-connected when the census came up short", () => {
    expect(requestedCriteria(scenario, []).map((r) => r.id)).toEqual([
      'clients-connected',
      'duplicates',
      'reconnect-time',
      'undelivered',
    ]);
    const short = new HistoryBuilder()
      .push({ type: 'clients.census', checkpoint: 'ramp', clients: 2, connected: 1, unconnected: [] })
      .build();
    expect(requestedCriteria(scenario, short)).toEqual([{ id: 'clients-connected' }]);
  });

  it("fills in the checker's default threshold and source, keeping the scenario's where it names one", () => {
    const results = runCheckers([], requestedCriteria(scenario, []), 1);
    expect(results.map((r) => [r.criterion, r.threshold])).toEqual([
      ['clients-connected', 0],
      ['duplicates', 0],
      ['reconnect-time', 3_000],
      ['undelivered', 0],
    ]);
    expect(results[1]?.source).toBe('Resume protocol: replay is exactly once at the application');
    expect(results[3]?.source).toBe('a quote of our own');
  });
});
