import { defineChecker, EvidenceList } from './define-checker.js';
import {
  afterSpan,
  baselineSpan,
  churnWindows,
  median,
  mib,
  samplesByPod,
  values,
  within,
} from './memory-samples.js';

/** Open connections a pod may have beyond its pre-churn count and still count as back (fleet moves). */
const CONNECTION_SLACK = (baseline: number) => Math.max(2, Math.ceil(baseline * 0.05));

/**
 * Per pod and connection churn: resident memory once the churn's connections are closed again
 * (the median over the samples after the churn in which the pod is back at its pre-churn connection
 * count) against its baseline (the median over the samples before the churn). Value: the largest
 * growth, in % of the baseline. The runtime keeps a heap it grew for the churn's peak, so some
 * growth is normal; a leak keeps growing with every connection.
 */
export const memoryReturnsToBaseline = defineChecker(
  {
    id: 'memory-returns-to-baseline',
    title: 'RSS after churn vs baseline',
    unit: '%',
    comparison: '<',
    needs: ['metrics'],
    defaultThreshold: 50,
    source:
      'DESIGN memory criterion: RSS back near baseline after connections close (allowance: the runtime keeps the heap it grew for the churn, +29-36 % measured on the reference)',
  },
  (history, ctx) => {
    const churns = churnWindows(history);
    if (churns.length === 0) return { value: null, error: 'no connection-churn fault in the history' };
    const byPod = samplesByPod(history);
    const evidence = new EvidenceList();
    const details: Record<string, number> = {};
    let worst: number | null = null;
    const unjudged: string[] = [];
    for (const churn of churns) {
      const before = baselineSpan(history, churn);
      const after = afterSpan(history, churn);
      for (const [pod, samples] of byPod) {
        const base = within(samples, before);
        const baseline = median(values(base, 'rssBytes'));
        const baseConnections = Math.max(0, ...values(base, 'connections'));
        const back = within(samples, after).filter(
          (s) =>
            s.connections !== null && s.connections <= baseConnections + CONNECTION_SLACK(baseConnections),
        );
        const settled = median(values(back, 'rssBytes'));
        if (baseline === null || settled === null || baseline <= 0) {
          unjudged.push(
            `${pod} (${baseline === null ? 'no sample before the churn' : 'no sample back at its connections after it'})`,
          );
          continue;
        }
        const growth = ((settled - baseline) / baseline) * 100;
        worst = Math.max(worst ?? -Infinity, growth);
        details[`${churn.id}.${pod}.baselineMiB`] = mib(baseline);
        details[`${churn.id}.${pod}.afterMiB`] = mib(settled);
        details[`${churn.id}.${pod}.growthPercent`] = Math.round(growth * 10) / 10;
        if (growth >= ctx.threshold) {
          evidence.add({
            pod,
            t: back.at(-1)!.t,
            summary: `${pod}: RSS ${mib(settled)} MiB after ${churn.id} with ${back.at(-1)!.connections} connections open, ${Math.round(growth)} % above its ${mib(baseline)} MiB before it (${baseConnections} connections)`,
          });
        }
      }
    }
    if (worst === null) return { value: null, error: `nothing to judge: ${unjudged.join(', ')}` };
    return {
      value: Math.round(worst * 10) / 10,
      evidence,
      details,
      ...(unjudged.length > 0 ? { error: `not judged: ${unjudged.join(', ')}` } : {}),
    };
  },
);
