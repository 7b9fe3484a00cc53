import { faultWindows, observedEndT } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { mib, PRESSURE_FAULT } from './memory-samples.js';

type PodState = EventOfType<'pod.state'>;

/**
 * Infrastructure runbook "Problem: Pods OOMKilled": a pod over its memory limit is killed
 * (OOMKilled) and restarted. For every memory-pressure fault, its pod must have been OOM-killed
 * (else the drill did not reach the limit and cannot judge: unknown); for every OOM kill in the run,
 * the time until the pod was ready again. Value: the longest kill → ready, in ms; a pod never ready
 * again counts until the end of observation.
 */
export const oomRestart = defineChecker(
  {
    id: 'oom-restart',
    title: 'OOM-killed pod ready again',
    unit: 'ms',
    comparison: '<=',
    defaultThreshold: 30000,
    source:
      'Pods OOMKilled › Symptoms: pods restarting, status OOMKilled: back and ready within the 30 s Kubernetes gives a failing pod (livenessProbe periodSeconds 10 × failureThreshold 3)',
    timing: 'harness',
  },
  (history, ctx) => {
    const endT = observedEndT(history);
    const states = history.filter((e): e is PodState => e.type === 'pod.state' && e.t <= endT);
    const kills = states.filter((e) => e.state === 'killed' && e.reason === 'OOMKilled');
    const evidence = new EvidenceList();
    const details: Record<string, number> = { oomKills: kills.length };
    const notReached: string[] = [];
    for (const w of faultWindows(history).filter((f) => f.fault === PRESSURE_FAULT)) {
      const pod = w.targets.find((t) => t.kind === 'pod')?.name;
      const killed = kills.some((k) => k.pod === pod && k.t >= w.startT && k.t <= w.endT);
      if (!killed)
        notReached.push(
          `${w.id}: ${pod ?? 'its pod'} was never OOM-killed (its memory never went over the limit)`,
        );
    }
    let worst: number | null = null;
    for (const [i, kill] of kills.entries()) {
      const ready = states.find((e) => e.pod === kill.pod && e.t >= kill.t && e.state === 'ready');
      const ms = (ready?.t ?? endT) - kill.t;
      worst = Math.max(worst ?? 0, ms);
      details[`kill${i + 1}.${kill.pod}.restartMs`] = ms;
      if (kill.rssBytes !== undefined) details[`kill${i + 1}.${kill.pod}.rssMiB`] = mib(kill.rssBytes);
      if (kill.limitBytes !== undefined) details[`kill${i + 1}.${kill.pod}.limitMiB`] = mib(kill.limitBytes);
      if (ready !== undefined && ms <= ctx.threshold) continue;
      const over =
        kill.rssBytes !== undefined && kill.limitBytes !== undefined
          ? ` (RSS ${mib(kill.rssBytes)} MiB over its ${mib(kill.limitBytes)} MiB limit)`
          : '';
      evidence.add({
        pod: kill.pod,
        t: kill.t,
        summary:
          ready === undefined
            ? `${kill.pod} was OOM-killed at t=${Math.round(kill.t)}${over} and never ready again (${Math.round(ms)} ms to the end of observation)`
            : `${kill.pod} was OOM-killed at t=${Math.round(kill.t)}${over} and ready again only at t=${Math.round(ready.t)}: ${Math.round(ms)} ms`,
      });
    }
    if (notReached.length > 0) {
      return { value: worst, evidence, details, error: notReached.join('; ') };
    }
    if (worst === null)
      return { value: null, error: 'no memory-pressure fault and no OOM kill in the history' };
    return { value: worst, evidence, details };
  },
);
