import { defineChecker, EvidenceList } from './define-checker.js';
import {
  afterSpan,
  churnedByPod,
  churnWindows,
  samplesByPod,
  within,
  type Sample,
} from './memory-samples.js';

/**
 * Per pod, after each connection churn (every churn client closed): the per-connection session
 * records the gateway still holds (websocket_sessions) beyond its open connections
 * (websocket_connections); the gauge's own help says they should be equal. The fewest over the
 * samples after the churn counts, so a scrape racing a connect cannot fail it; a leak persists.
 * Value: the most records left over on any pod. Details: per pod the churn connections it served.
 * A pod that served no churn connection was not exercised: the verdict is then unknown at best.
 */
export const memorySessionsReleased = defineChecker(
  {
    id: 'memory-sessions-released',
    title: 'Session records left after churn',
    unit: 'sessions',
    comparison: '<=',
    needs: ['metrics'],
    defaultThreshold: 0,
    source:
      'High Memory Usage › Diagnosis: check for memory leaks; count connections in /metrics: websocket_sessions (per-connection state held) equals websocket_connections once the churn is over',
  },
  (history) => {
    const churns = churnWindows(history);
    if (churns.length === 0) return { value: null, error: 'no connection-churn fault in the history' };
    const byPod = samplesByPod(history);
    const evidence = new EvidenceList();
    const details: Record<string, number> = {};
    const problems: string[] = [];
    let worst: number | null = null;
    for (const churn of churns) {
      const after = afterSpan(history, churn);
      const churned = churnedByPod(history, churn);
      for (const [pod, samples] of byPod) {
        if ((churned.get(pod) ?? 0) === 0) problems.push(`${pod} served no connection of ${churn.id}`);
        const judged = within(samples, after).filter((s) => s.sessions !== null && s.connections !== null);
        if (judged.length === 0) {
          if (within(samples, after).length > 0) problems.push(`${pod} does not export websocket_sessions`);
          continue;
        }
        const fewest = judged.reduce((best, s) => (leftover(s) < leftover(best) ? s : best));
        const left = Math.max(0, leftover(fewest));
        worst = Math.max(worst ?? 0, left);
        details[`${churn.id}.${pod}.left`] = left;
        details[`${churn.id}.${pod}.churned`] = churned.get(pod) ?? 0;
        if (left > 0) {
          evidence.add({
            pod,
            t: fewest.t,
            summary: `${pod} still held ${fewest.sessions} session records for ${fewest.connections} open connections at t=${Math.round(fewest.t)}, after ${churn.id} (${churned.get(pod) ?? 0} churn connections served): ${left} never released`,
          });
        }
      }
    }
    if (worst === null)
      return { value: null, error: problems[0] ?? 'no metrics sample after the churn to judge' };
    return {
      value: worst,
      evidence,
      details,
      ...(problems.length > 0 ? { error: problems.join('; ') } : {}),
    };
  },
);

function leftover(s: Sample): number {
  return (s.sessions ?? 0) - (s.connections ?? 0);
}
