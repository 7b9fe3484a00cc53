import { defineChecker, EvidenceList } from './define-checker.js';

/** Share of health probes (either endpoint) of pods expected to be ready that answered 200. */
export const healthCheckSuccess = defineChecker(
  {
    id: 'health-check-success',
    title: 'Health-check success',
    unit: '%',
    comparison: '>',
    needs: ['health'],
    defaultThreshold: 99.9,
    source: 'Key metrics: Health Check Success normal >99.9%',
  },
  (history) => {
    const evidence = new EvidenceList();
    const details: Record<string, number> = { probes: 0, failed: 0, notExpectedReady: 0 };
    const bump = (key: string) => (details[key] = (details[key] ?? 0) + 1);
    for (const e of history) {
      if (e.type !== 'probe.health') continue;
      if (!e.expectedReady) {
        bump('notExpectedReady');
        continue;
      }
      bump('probes');
      bump(`${e.endpoint}.probes`);
      if (e.status === 200) continue;
      bump('failed');
      bump(`${e.endpoint}.failed`);
      evidence.add({
        pod: e.pod,
        t: e.t,
        summary: `${e.endpoint} on ${e.pod} answered ${e.status ?? 'nothing'} at t=${e.t} (after ${Math.round(e.latencyMs)} ms)`,
      });
    }
    const probes = details.probes ?? 0;
    return {
      value: probes > 0 ? ((probes - evidence.total) / probes) * 100 : null,
      evidence,
      details,
      ...(probes > 0 ? {} : { error: 'no health probes of pods expected to be ready' }),
    };
  },
);
