import { attachmentTimeline } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { podTerminations } from './pod-terminations.js';

/** Runbook seconds after a step's pod exited that still belong to the step. */
export const STEP_TAIL_SECONDS = 5;

/**
 * Churn per step of a rollout or scale-down: a step is one pod's SIGTERM until its exit plus 5 s ×
 * timeScale; pods terminated together (overlapping steps, as one scale-down halving) form one step.
 * Its churn is the unplanned disconnects of any client inside it over the clients connected at its
 * start, in %. Clients of a draining pod leave planned (server_shutdown), so every unplanned
 * disconnect is a client the step hurt. Value: the worst step. Unknown when the history has no SIGTERM.
 */
export const deployStepChurn = defineChecker(
  {
    id: 'deploy-step-churn',
    title: 'Churn per deploy step',
    unit: '%',
    comparison: '<',
    needs: ['pod-identity'],
    defaultThreshold: 1,
    source: 'Step 3 "Monitor connection churn during rollout"; Key metrics: Connection Churn normal <1%',
  },
  (history, ctx) => {
    const tailMs = STEP_TAIL_SECONDS * 1000 * ctx.timeScale;
    const terminations = podTerminations(history);
    if (terminations.length === 0)
      return { value: null, error: 'no SIGTERM (pod.state terminating) in the history' };
    const steps: Array<{ startT: number; endT: number; pods: string[] }> = [];
    for (const term of [...terminations].sort((a, b) => a.sigtermT - b.sigtermT)) {
      const endT = (term.end?.t ?? term.sigtermT) + tailMs;
      const last = steps.at(-1);
      if (last !== undefined && term.sigtermT <= last.endT) {
        last.endT = Math.max(last.endT, endT);
        last.pods.push(term.pod);
      } else steps.push({ startT: term.sigtermT, endT, pods: [term.pod] });
    }
    const timeline = attachmentTimeline(history);
    const evidence = new EvidenceList();
    const details: Record<string, number> = { steps: steps.length, unplanned: 0 };
    let worst = 0;
    for (const [i, step] of steps.entries()) {
      const name = `step ${i + 1} (${step.pods.join(', ')} draining)`;
      const active = timeline.clients().filter((c) => timeline.connectedAt(c, step.startT)).length;
      let count = 0;
      for (const e of history) {
        if (e.t < step.startT) continue;
        if (e.t > step.endT) break;
        if (e.type !== 'client.disconnect' || e.planned) continue;
        count += 1;
        evidence.add({
          client: e.client,
          ...(e.pod !== null ? { pod: e.pod } : {}),
          t: e.t,
          summary: `${e.client} dropped from ${e.pod ?? 'an unknown pod'} at t=${e.t} (${e.reason}) during ${name}`,
        });
      }
      const percent = active > 0 ? (count * 100) / active : 0;
      details[`step${i + 1}.${step.pods.join('+')}.percent`] = percent;
      details.unplanned = (details.unplanned ?? 0) + count;
      worst = Math.max(worst, percent);
    }
    return { value: worst, evidence, details };
  },
);
