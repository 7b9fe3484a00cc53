import { observedEndT } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { MiB, mib } from './memory-samples.js';

/** Realtime runbook "High Memory Usage › Option 1: Restart with memory limit": --limits=memory=512Mi. */
export const RUNBOOK_POD_MEMORY_LIMIT = 512 * MiB;

/**
 * Infrastructure runbook key metrics, "Memory per Pod: normal <80%": every /metrics sample's
 * resident memory as a share of the pod's memory limit, the runbook's 512Mi. Samples taken while a
 * fault holds the pod to a smaller limit of its own (pod.memory-limit) are left to the criteria of
 * that fault: it is meant to go over. Value: the highest share, in %.
 */
export const memoryCeiling = defineChecker(
  {
    id: 'memory-ceiling',
    title: 'Peak memory per pod (of its limit)',
    unit: '%',
    comparison: '<',
    needs: ['metrics'],
    defaultThreshold: 80,
    source: 'Key metrics: Memory per Pod normal <80% (of the 512Mi limit of High Memory Usage › Option 1)',
  },
  (history, ctx) => {
    const endT = observedEndT(history);
    const reduced = new Set<string>();
    const evidence = new EvidenceList();
    const peaks = new Map<string, number>();
    let judged = 0;
    for (const e of history) {
      if (e.t > endT) break;
      if (e.type === 'pod.memory-limit') {
        if (e.limitBytes === null) reduced.delete(e.pod);
        else reduced.add(e.pod);
      }
      if (e.type !== 'metrics.sample' || e.rssBytes === null || reduced.has(e.pod)) continue;
      judged += 1;
      const percent = (e.rssBytes / RUNBOOK_POD_MEMORY_LIMIT) * 100;
      peaks.set(e.pod, Math.max(peaks.get(e.pod) ?? 0, percent));
      if (percent >= ctx.threshold) {
        evidence.add({
          pod: e.pod,
          t: e.t,
          summary: `${e.pod}: RSS ${mib(e.rssBytes)} MiB at t=${Math.round(e.t)} is ${Math.round(percent)} % of its ${mib(RUNBOOK_POD_MEMORY_LIMIT)} MiB limit`,
        });
      }
    }
    if (judged === 0) return { value: null, error: 'no metrics sample with resident memory to judge' };
    const details: Record<string, number> = { samples: judged };
    for (const [pod, peak] of peaks) details[`${pod}.peakPercent`] = Math.round(peak * 10) / 10;
    return { value: Math.round(Math.max(...peaks.values()) * 10) / 10, evidence, details };
  },
);
