import { describe, expect, it } from 'vitest';
import { steadyStateChurn } from './steady-state-churn.js';
import { HistoryBuilder, judge } from './test-support/history-builder.js';

const MINUTE = 60_000;

/** `clients` clients connected at t=0; the observed run ends with 'judge' at `minutes`. */
function calm(clients: number) {
  const b = new HistoryBuilder();
  for (let i = 1; i <= clients; i++) b.online(`c${i}`, 'pod-a');
  return b;
}

describe('steady-state-churn', () => {
  it('is disconnects × 100 / connected-client-minutes: 1 drop of 10 clients over 20 min = 0.5 %/min', () => {
    const history = calm(10)
      .at(5 * MINUTE)
      .disconnect('c1', { pod: 'pod-a' })
      .connect('c1', 'pod-b')
      .at(20 * MINUTE)
      .phase('judge')
      .build();
    const result = judge(steadyStateChurn, history, 1);
    expect(result.verdict).toBe('pass');
    expect(result.value).toBeCloseTo(0.5);
    expect(result.details).toMatchObject({ disconnects: 1, observedMinutes: 20, meanConnected: 10 });
  });

  it('fails above the threshold, naming the dropped client and when', () => {
    const history = calm(10)
      .at(2 * MINUTE)
      .disconnect('c7', { pod: 'pod-a', reason: 'transport close' })
      .connect('c7', 'pod-a')
      .at(5 * MINUTE)
      .phase('judge')
      .build();
    const result = judge(steadyStateChurn, history, 1);
    expect(result.verdict).toBe('fail');
    expect(result.value).toBeCloseTo(2);
    expect(result.evidence).toEqual([expect.objectContaining({ client: 'c7', pod: 'pod-a', t: 2 * MINUTE })]);
  });

  it('leaves out fault windows plus 30 s × timeScale of recovery, and scales the minute', () => {
    // timeScale 0.1: a runbook minute is 6 s, the recovery allowance 3 s.
    const history = calm(10)
      .at(10_000)
      .faultStart('pod-kill-1', ['pod-a'])
      .disconnect('c1', { pod: 'pod-a' })
      .at(11_000)
      .faultEnd('pod-kill-1')
      .at(13_500)
      .connect('c1', 'pod-b')
      .disconnect('c2', { pod: 'pod-a' }) // inside the recovery allowance
      .connect('c2', 'pod-b')
      .at(30_000)
      .phase('judge')
      .build();
    const result = judge(steadyStateChurn, history, 1, 0.1);
    expect(result).toMatchObject({ verdict: 'pass', value: 0 });
    expect(result.details.observedMinutes).toBeCloseTo((30_000 - 4_000) / 6_000);
  });

  it('ignores planned disconnects and what happens after judge starts', () => {
    const history = calm(2)
      .at(MINUTE)
      .disconnect('c1', { planned: true, reason: 'server shutdown' })
      .connect('c1', 'pod-b')
      .phase('judge')
      .at(MINUTE + 1)
      .disconnect('c2')
      .build();
    expect(judge(steadyStateChurn, history, 1)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('is unknown when no client was ever connected', () => {
    const result = judge(steadyStateChurn, new HistoryBuilder().at(MINUTE).phase('judge').build(), 1);
    expect(result).toMatchObject({ verdict: 'unknown', value: null });
  });
});
