import { defineChecker, EvidenceList } from './define-checker.js';
import { departures, podTerminations } from './pod-terminations.js';

/**
 * Reconnects of a draining pod's clients must be spread over the drain window, not a herd. Per SIGTERM
 * (pod.state `terminating`): the clients on the pod at the SIGTERM that reconnected; the most of their
 * reconnects (first client.connect after leaving) inside any sliding window of one runbook second
 * (1 s × timeScale), as a percentage of them. Value: the worst pod's. A herd — every client back at
 * once, as when a pod exits without draining — puts close to 100 % in one second (the SDK's retry
 * jitter is 100–200 ms); leaving at a random moment of the 30 s window puts about 1/24 (the SDK
 * leaves within 80 % of it) per second. Pods with fewer than 5 such clients are not judged (too few
 * to tell a herd); unknown when none is judged.
 */
export const reconnectSpread = defineChecker(
  {
    id: 'reconnect-spread',
    title: 'Reconnect spread (peak per second)',
    unit: '%',
    comparison: '<=',
    needs: ['shutdown-notice', 'pod-identity'],
    defaultThreshold: 40,
    source: 'Timeline T+15…T+30: clients leave over the 30 s drain window (spread, not a herd)',
  },
  (history, ctx) => {
    const windowMs = 1000 * ctx.timeScale;
    const evidence = new EvidenceList();
    const details: Record<string, number> = { pods: 0, podsJudged: 0, reconnects: 0 };
    let worst: number | null = null;
    for (const term of podTerminations(history)) {
      details.pods = (details.pods ?? 0) + 1;
      const times = departures(history, term)
        .map((d) => d.reconnectT)
        .filter((t): t is number => t !== null)
        .sort((a, b) => a - b);
      if (times.length < 5) continue;
      details.podsJudged = (details.podsJudged ?? 0) + 1;
      details.reconnects = (details.reconnects ?? 0) + times.length;
      let peak = 0;
      let peakAt = times[0]!;
      for (let i = 0, j = 0; i < times.length; i++) {
        while (times[i]! - times[j]! >= windowMs) j++;
        if (i - j + 1 > peak) {
          peak = i - j + 1;
          peakAt = times[j]!;
        }
      }
      const percent = (peak * 100) / times.length;
      details[`${term.pod}.peakPerSecond`] = peak;
      details[`${term.pod}.reconnected`] = times.length;
      details[`${term.pod}.spreadMs`] = times.at(-1)! - times[0]!;
      if (worst === null || percent > worst) worst = percent;
      if (percent > ctx.threshold)
        evidence.add({
          pod: term.pod,
          t: peakAt,
          summary: `${peak} of the ${times.length} clients of ${term.pod} reconnected within ${windowMs} ms from t=${peakAt} (${percent.toFixed(0)} %)`,
        });
    }
    return {
      value: worst,
      evidence,
      details,
      ...(worst === null ? { error: 'no terminated pod with 5 or more reconnecting clients' } : {}),
    };
  },
);
