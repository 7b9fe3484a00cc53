import {
  faultWindows,
  observedEndT,
  samplesByPod,
  type FaultWindow,
  type MetricsSampleEvent,
} from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';
import { podRunningSpans, ranThrough } from './pods-running.js';
import { RECOVERY_RUNBOOK_SECONDS } from './steady-state-churn.js';

/**
 * Runbook seconds a pod may take to report a Redis outage in its metrics: the gateway PINGs Redis
 * every 5 s (REDIS_CHECK_INTERVAL_MS) and gives the PING up to 5 s before it reconnects (a stopped
 * Redis is seen at once, a partition only so), plus one 5 s metrics scrape and 5 s for it to land.
 */
export const DETECTION_RUNBOOK_SECONDS = 20;

type Sample = MetricsSampleEvent;

const judgeable = (s: Sample) => s.presenceEnabled !== null && s.redisUp !== null;
const degraded = (s: Sample) => s.presenceEnabled === false && s.redisUp === false;
const healthy = (s: Sample) => s.presenceEnabled === true && s.redisUp === true;
const shown = (s: Sample) =>
  `presence ${s.presenceEnabled ? 'enabled' : 'disabled'}, Redis ${s.redisUp ? 'up' : 'down'}`;

/**
 * Runbook Scenario 4 expected behaviour 2 ("Presence tracking disabled") and 5 ("Pods reconnect
 * automatically"), judged from the pods' own metrics (websocket_presence_enabled, websocket_redis_up)
 * as the harness scraped them. For every fault window that takes Redis away (a `redis` target:
 * redis-stop, redis-blackhole), each pod running through the rule's span must:
 * 1. report presence disabled and Redis down within 20 s × timeScale of the start;
 * 2. report presence enabled and Redis up again within 30 s × timeScale of the end;
 * and every pod running at the end of the observed run must have answered a scrape in its last
 * 30 s × timeScale, the last one reporting both enabled/up.
 * A pod that answers no scrape in a span (crashed, hung) breaks the rule: it reported nothing.
 * Value: the (window, pod, rule) violations. Unknown when no Redis outage is in the history, or the
 * pods do not expose the two metrics.
 */
export const presenceDegradedAndRecovered = defineChecker(
  {
    id: 'presence-degraded-and-recovered',
    title: 'Presence disabled during Redis outages, then recovered',
    unit: 'violations',
    comparison: '<=',
    needs: ['presence', 'metrics'],
    defaultThreshold: 0,
    source:
      'Scenario 4 expected behaviour 2: Presence tracking disabled; 5: Pods reconnect automatically (websocket_presence_enabled and websocket_redis_up go to 0 within 20 s of the outage and back to 1 within 30 s of its end)',
  },
  (history, ctx) => {
    const windows = faultWindows(history).filter((w) => w.targets.some((t) => t.kind === 'redis'));
    if (windows.length === 0) return { value: null, error: 'the history has no Redis outage' };
    const endT = observedEndT(history);
    const samples = history.filter(
      (e): e is Sample => e.type === 'metrics.sample' && e.t <= endT && judgeable(e),
    );
    if (samples.length === 0) {
      return {
        value: null,
        error: 'no metrics.sample with websocket_presence_enabled and websocket_redis_up in the history',
      };
    }
    const detectMs = DETECTION_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const recoverMs = RECOVERY_RUNBOOK_SECONDS * 1000 * ctx.timeScale;
    const running = podRunningSpans(history, endT);
    const byPod = samplesByPod(samples);
    const evidence = new EvidenceList();
    const details: Record<string, number> = { windows: windows.length, detectMs, recoverMs };

    const firstIn = (pod: string, from: number, to: number, wanted: (s: Sample) => boolean) =>
      (byPod.get(pod) ?? []).find((s) => s.t >= from && s.t <= to && wanted(s));
    const lastIn = (pod: string, from: number, to: number) =>
      (byPod.get(pod) ?? []).findLast((s) => s.t >= from && s.t <= to);

    const judgeWindow = (w: FaultWindow) => {
      let slowestDetect = 0;
      let slowestRecover = 0;
      const detectBy = Math.min(endT, w.startT + detectMs);
      for (const [pod, spans] of running) {
        if (ranThrough(spans, w.startT, detectBy)) {
          const hit = firstIn(pod, w.startT, detectBy, degraded);
          slowestDetect = Math.max(slowestDetect, hit === undefined ? Infinity : hit.t - w.startT);
          if (hit === undefined) {
            const last = lastIn(pod, w.startT, detectBy);
            evidence.add({
              pod,
              t: w.startT,
              summary: `${pod} did not report presence disabled and Redis down within ${detectMs} ms after ${w.id} started at t=${w.startT} (${last === undefined ? 'it answered no metrics scrape' : `last scrape t=${last.t}: ${shown(last)}`})`,
            });
          }
        }
        if (w.open) continue;
        const recoverBy = Math.min(endT, w.endT + recoverMs);
        if (!ranThrough(spans, w.endT, recoverBy)) continue;
        const back = firstIn(pod, w.endT, recoverBy, healthy);
        slowestRecover = Math.max(slowestRecover, back === undefined ? Infinity : back.t - w.endT);
        if (back === undefined) {
          const last = lastIn(pod, w.endT, recoverBy);
          evidence.add({
            pod,
            t: w.endT,
            summary: `${pod} did not report presence enabled and Redis up within ${recoverMs} ms after ${w.id} ended at t=${w.endT} (${last === undefined ? 'it answered no metrics scrape' : `last scrape t=${last.t}: ${shown(last)}`})`,
          });
        }
      }
      // The slowest pod's time; -1 when a pod never reported it.
      const ms = (v: number) => (Number.isFinite(v) ? v : -1);
      details[`${w.id}.detectedMs`] = ms(slowestDetect);
      if (!w.open) details[`${w.id}.recoveredMs`] = ms(slowestRecover);
    };
    for (const w of windows) judgeWindow(w);

    // The end of the run: a pod's last scrape must be recent (within the recovery bound) and healthy.
    for (const [pod, spans] of running) {
      if (!ranThrough(spans, endT, endT)) continue;
      const last = lastIn(pod, endT - recoverMs, endT);
      if (last !== undefined && healthy(last)) continue;
      evidence.add({
        pod,
        t: last?.t ?? endT,
        summary:
          last === undefined
            ? `${pod} answered no metrics scrape in the last ${recoverMs} ms of the run (t=${endT})`
            : `${pod} still reported ${shown(last)} at its last scrape t=${last.t}, the end of the run`,
      });
    }
    return { value: evidence.total, evidence, details };
  },
);
