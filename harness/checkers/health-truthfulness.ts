import { faultWindows, observedEndT, runStart } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * Runbook liveness probe of /health/database: periodSeconds 10 × failureThreshold 3. A pod still
 * failing it 30 s after the database is back would be restarted by Kubernetes, turning a database
 * failover into a fleet restart; so every pod must answer 200 again within 30 s (× timeScale).
 */
export const LIVENESS_RUNBOOK_SECONDS = 10 * 3;

/**
 * For every fault window that targets the database (the database is unavailable for its length):
 * 1. each pod's /health/database must not answer 200 to every probe inside the window (at least one
 *    503, or no answer, shows the outage; all 200 is a lie, the runbook's "returns 503");
 * 2. after the window each pod's /health/database must answer 200 again within 30 s × timeScale.
 * Value: the number of (window, pod) pairs breaking either rule. A pod with no probe inside a window
 * cannot be judged (unknown). Details: per window, the time to recovery (fault end → first ack of
 * a send after it), the slowest pod's first 200 after the end, the first non-200 after the start,
 * and the sends issued before the end that were acked after it on a retry.
 */
export const healthTruthfulness = defineChecker(
  {
    id: 'health-truthfulness',
    title: '/health/database truthful',
    unit: 'violations',
    comparison: '<=',
    needs: ['database-health'],
    defaultThreshold: 0,
    source:
      'Scenario 3 symptoms: `/health/database` returns 503; expected behaviour 5: health checks pass again, within the liveness probe budget (10 s × 3)',
  },
  (history, ctx) => {
    const pods = runStart(history)?.pods.map((p) => p.name) ?? [];
    const windows = faultWindows(history).filter((w) => w.targets.some((t) => t.kind === 'database'));
    const boundMs = LIVENESS_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const endT = observedEndT(history);
    const probes = history.filter(
      (e): e is EventOfType<'probe.health'> =>
        e.type === 'probe.health' && e.endpoint === '/health/database' && e.t <= endT,
    );
    const acks = history.filter((e): e is EventOfType<'send.ok'> => e.type === 'send.ok');
    const evidence = new EvidenceList();
    const details: Record<string, number> = { windows: windows.length, boundMs, probes: probes.length };
    const unjudged: string[] = [];

    for (const w of windows) {
      let slowest = 0;
      let firstUnhealthy = Infinity;
      for (const pod of pods) {
        const mine = probes.filter((p) => p.pod === pod);
        const inside = mine.filter((p) => p.t >= w.startT && p.t <= w.endT);
        if (inside.length === 0) {
          unjudged.push(`${w.id}/${pod}`);
        } else if (inside.every((p) => p.status === 200)) {
          evidence.add({
            pod,
            t: w.startT,
            summary: `${pod} answered 200 to all ${inside.length} /health/database probes during ${w.id} (t=${w.startT}..${w.endT}) while the database was unavailable`,
          });
        } else {
          const first = inside.find((p) => p.status !== 200);
          if (first !== undefined) firstUnhealthy = Math.min(firstUnhealthy, first.t - w.startT);
        }
        if (w.open) continue;
        const healthy = mine.find((p) => p.t >= w.endT && p.status === 200);
        const after = healthy === undefined ? Infinity : healthy.t - w.endT;
        slowest = Math.max(slowest, after);
        if (after > boundMs) {
          evidence.add({
            pod,
            t: w.endT,
            summary:
              healthy === undefined
                ? `${pod} never answered 200 on /health/database after ${w.id} ended at t=${w.endT}`
                : `${pod} answered 200 on /health/database only ${after} ms after ${w.id} ended at t=${w.endT} (bound ${boundMs} ms)`,
          });
        }
      }
      const firstAck = acks.find((a) => a.t >= w.endT);
      details[`${w.id}.recoveryMs`] = firstAck === undefined ? -1 : firstAck.t - w.endT;
      details[`${w.id}.healthyAgainMs`] = Number.isFinite(slowest) ? slowest : -1;
      details[`${w.id}.firstUnhealthyMs`] = Number.isFinite(firstUnhealthy) ? firstUnhealthy : -1;
      details[`${w.id}.outageMs`] = w.endT - w.startT;
      details[`${w.id}.acksDuringOutage`] = acks.filter((a) => a.t > w.startT && a.t < w.endT).length;
      // Sends the outage made fail and the SDK retried until they were acked after it.
      details[`${w.id}.acksRetried`] = acks.filter(
        (a) => a.attempts > 1 && a.t >= w.endT && a.t - a.latencyMs <= w.endT,
      ).length;
    }
    details.unjudged = unjudged.length;
    const error =
      windows.length === 0
        ? 'the history has no fault window targeting the database'
        : pods.length === 0
          ? 'the history names no pod'
          : unjudged.length > 0
            ? `no /health/database probe inside the window for ${unjudged.slice(0, 5).join(', ')}`
            : undefined;
    return { value: evidence.total, evidence, details, ...(error !== undefined ? { error } : {}) };
  },
);
