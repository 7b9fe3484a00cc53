import { defineChecker, EvidenceList } from './define-checker.js';
import {
  baselineSpan,
  churnWindows,
  median,
  mib,
  quietGaps,
  samplesByPod,
  slope,
  values,
  within,
} from './memory-samples.js';

/** Cycles needed for a trend line. */
const MIN_CYCLES = 3;

/**
 * Realtime runbook "High Memory Usage › Symptoms: Server memory increasing over time", judged across a
 * connection churn's cycles: per pod, the lowest resident memory of each quiet gap (every churn
 * connection of the cycle closed), and the least-squares line through those per-cycle minima. The
 * first cycle is left out: it is where the runtime grows its heap to the churn's peak. Value: the
 * line's rise from the first judged cycle to the last, in % of the pod's pre-churn RSS (the largest
 * over pods). A leak keeps the line climbing; memory that is reused stays flat.
 */
export const memoryGrowthTrend = defineChecker(
  {
    id: 'memory-growth-trend',
    title: 'RSS trend across churn cycles',
    unit: '%',
    comparison: '<',
    needs: ['metrics'],
    defaultThreshold: 30,
    source:
      'High Memory Usage › Symptoms: Server memory increasing over time (allowance: the runtime heap still growing, up to +18 % measured on the reference)',
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
      const gaps = quietGaps(history, churn).slice(1);
      const before = baselineSpan(history, churn);
      for (const [pod, samples] of byPod) {
        const baseline = median(values(within(samples, before), 'rssBytes'));
        const minima: Array<[number, number]> = [];
        for (const gap of gaps) {
          const lowest = within(samples, gap)
            .filter((s) => s.rssBytes !== null)
            .reduce<{ t: number; rss: number } | null>(
              (low, s) => (low === null || s.rssBytes! < low.rss ? { t: s.t, rss: s.rssBytes! } : low),
              null,
            );
          if (lowest !== null) minima.push([lowest.t, lowest.rss]);
        }
        const perMs = minima.length >= MIN_CYCLES ? slope(minima) : null;
        if (perMs === null || baseline === null || baseline <= 0) {
          unjudged.push(`${pod} (${minima.length} quiet cycles with a sample, ${MIN_CYCLES} needed)`);
          continue;
        }
        const spanMs = minima.at(-1)![0] - minima[0]![0];
        const rise = perMs * spanMs;
        const percent = (rise / baseline) * 100;
        worst = Math.max(worst ?? -Infinity, percent);
        details[`${churn.id}.${pod}.riseMiB`] = mib(rise);
        details[`${churn.id}.${pod}.risePercent`] = Math.round(percent * 10) / 10;
        details[`${churn.id}.${pod}.cycles`] = minima.length;
        if (percent >= ctx.threshold) {
          const first = minima[0]!;
          const last = minima.at(-1)!;
          evidence.add({
            pod,
            t: last[0],
            summary: `${pod}: RSS between churn cycles climbs ${mib(rise)} MiB (${Math.round(percent)} % of its ${mib(baseline)} MiB baseline) over ${minima.length} cycles of ${churn.id}, from ${mib(first[1])} MiB at t=${Math.round(first[0])} to ${mib(last[1])} MiB at t=${Math.round(last[0])}`,
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
