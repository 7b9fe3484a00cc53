import { observedEndT } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { departures, podTerminations } from './pod-terminations.js';

/** Runbook "Graceful Shutdown Sequence", in runbook seconds after the SIGTERM. */
export const SHUTDOWN_TIMELINE = {
  /** T+10: readiness probe fails for the 2nd time, pod marked Unready. */
  unreadyBy: 10,
  /** 30 s drain window: a client leaves at most this long after its server_shutdown notice. */
  drainWindow: 30,
  /** T+45: Kubernetes sends SIGKILL; the process must have exited 0 before. */
  terminationGrace: 45,
  /** Allowance for the notice's transit and the force-close at the drain deadline. */
  drainSlack: 1,
} as const;

const STEPS = ['unready', 'no-new-routes', 'notice', 'drained', 'exit'] as const;
type Step = (typeof STEPS)[number];

/**
 * Per SIGTERM (pod.state `terminating`), the runbook's timeline step by step; the value is the
 * number of (pod, step) pairs violated:
 * - unready: no /health probe that started after the SIGTERM answered 200, and one answered non-200
 *   — 503, or no answer once the listener closed — (or the pod had exited) by T+10 s, two of the
 *   runbook's 5 s probe periods (details.unready503 counts the pods first seen answering 503);
 * - no-new-routes: no client whose connect came after the SIGTERM was welcomed by the pod;
 * - notice: every client on the pod at the SIGTERM got `server_shutdown` before leaving it;
 * - drained: every such client left, planned, within 30 s (+1 s slack) of its notice (of the
 *   SIGTERM when it had none);
 * - exit: the pod exited with code 0 before T+45 s, no SIGKILL.
 * All times are runbook seconds × timeScale. Unknown when the history holds no SIGTERM.
 */
export const shutdownTimeline = defineChecker(
  {
    id: 'shutdown-timeline',
    title: 'Graceful shutdown timeline',
    unit: 'violations',
    comparison: '<=',
    needs: ['shutdown-notice', 'health'],
    defaultThreshold: 0,
    source: 'Graceful Shutdown Sequence: Timeline Breakdown T+0 … T+45',
  },
  (history, ctx) => {
    const s = (runbookSeconds: number) => runbookSeconds * 1000 * ctx.timeScale;
    const terminations = podTerminations(history);
    if (terminations.length === 0)
      return { value: null, error: 'no SIGTERM (pod.state terminating) in the history' };
    const endT = observedEndT(history);
    const evidence = new EvidenceList();
    const details: Record<string, number> = {
      pods: terminations.length,
      clientsAtSigterm: 0,
      unready503: 0,
    };
    for (const step of STEPS) details[`violated.${step}`] = 0;
    let maxDrainMs = 0;
    let maxExitMs = 0;
    let maxUnreadyMs = 0;
    let violations = 0;

    const probes = history.filter(
      (e): e is EventOfType<'probe.health'> => e.type === 'probe.health' && e.endpoint === '/health',
    );
    const connectsOf = new Map<string, number[]>();
    for (const e of history) {
      if (e.type !== 'client.connect') continue;
      const times = connectsOf.get(e.client) ?? [];
      times.push(e.t);
      connectsOf.set(e.client, times);
    }

    for (const term of terminations) {
      const { pod, sigtermT } = term;
      const exitT = term.end?.t ?? null;
      const failed = new Set<Step>();
      const fail = (step: Step, summary: string, extra: { client?: string; t?: number } = {}) => {
        failed.add(step);
        evidence.add({ pod, summary: `${pod} (SIGTERM at t=${sigtermT}): ${summary}`, ...extra });
      };

      // 1. unready within the probe window
      const after = probes.filter(
        (p) => p.pod === pod && p.t - p.latencyMs >= sigtermT && (exitT === null || p.t <= exitT + s(5)),
      );
      const stillReady = after.find((p) => p.status === 200);
      if (stillReady)
        fail('unready', `/health answered 200 at t=${stillReady.t}, after the SIGTERM`, { t: stillReady.t });
      const firstUnready = after.find((p) => p.status !== 200);
      // 503 is the gateway saying so; no answer (listener closed, process gone) is unready too.
      if (firstUnready?.status === 503) details.unready503 = (details.unready503 ?? 0) + 1;
      const unreadyT = Math.min(firstUnready?.t ?? Infinity, exitT ?? Infinity);
      if (unreadyT === Infinity || unreadyT - sigtermT > s(SHUTDOWN_TIMELINE.unreadyBy)) {
        fail('unready', `not seen unready within ${s(SHUTDOWN_TIMELINE.unreadyBy)} ms`);
      } else maxUnreadyMs = Math.max(maxUnreadyMs, unreadyT - sigtermT);

      // 2. no new connection routed to it
      for (const e of history) {
        if (e.t <= sigtermT || e.t > endT || e.type !== 'client.attach' || e.pod !== pod) continue;
        if (exitT !== null && e.t > exitT) break; // a restarted pod may take clients again
        const connects = connectsOf.get(e.client) ?? [];
        const lastConnect = connects.filter((t) => t <= e.t).at(-1);
        if (lastConnect !== undefined && lastConnect > sigtermT)
          fail('no-new-routes', `${e.client} connected at t=${lastConnect} and was welcomed by it`, {
            client: e.client,
            t: e.t,
          });
      }

      // 3–4. notice and drain, per client on the pod at the SIGTERM
      details.clientsAtSigterm = (details.clientsAtSigterm ?? 0) + term.clients.length;
      for (const d of departures(history, term)) {
        if (d.closed) continue;
        if (d.noticeT === null)
          fail('notice', `${d.client} never got server_shutdown`, {
            client: d.client,
            ...(d.leftT !== null ? { t: d.leftT } : {}),
          });
        const from = d.noticeT ?? sigtermT;
        const limit = s(SHUTDOWN_TIMELINE.drainWindow + SHUTDOWN_TIMELINE.drainSlack);
        if (d.leftT === null) fail('drained', `${d.client} never left`, { client: d.client });
        else {
          maxDrainMs = Math.max(maxDrainMs, d.leftT - from);
          if (d.leftT - from > limit)
            fail(
              'drained',
              `${d.client} left at t=${d.leftT}, ${d.leftT - from} ms after ${d.noticeT === null ? 'the SIGTERM' : 'its notice'} (limit ${limit} ms)`,
              { client: d.client, t: d.leftT },
            );
          if (d.disconnect !== null && !d.disconnect.planned)
            fail(
              'drained',
              `${d.client} was dropped at t=${d.leftT} (${d.disconnect.reason}) instead of leaving through the drain`,
              { client: d.client, t: d.leftT },
            );
        }
      }

      // 5. exit 0 before the termination grace, no forced kill
      const end = term.end;
      if (end === null) fail('exit', 'no exit observed');
      else {
        maxExitMs = Math.max(maxExitMs, end.t - sigtermT);
        if (end.state === 'killed' || end.exitCode !== 0)
          fail(
            'exit',
            `ended ${end.state === 'killed' ? 'by SIGKILL' : `with exit code ${String(end.exitCode)}`} at t=${end.t}`,
            { t: end.t },
          );
        else if (end.t - sigtermT >= s(SHUTDOWN_TIMELINE.terminationGrace))
          fail(
            'exit',
            `exited ${end.t - sigtermT} ms after the SIGTERM, not before ${s(SHUTDOWN_TIMELINE.terminationGrace)} ms`,
            { t: end.t },
          );
      }

      for (const step of failed) details[`violated.${step}`] = (details[`violated.${step}`] ?? 0) + 1;
      violations += failed.size;
    }
    return { value: violations, evidence, details: { ...details, maxUnreadyMs, maxDrainMs, maxExitMs } };
  },
);
