import { attachmentTimeline, faultWindows, percentile, timingMargin } from '../history/derive.js';
import type { HistoryEvent } from '../history/events.js';
import { defineChecker, EvidenceList, type Measurement } from './define-checker.js';

/** Everything a client hears from the system: deliveries, acks, and the end of a (re)connect. */
const INBOUND = new Set<HistoryEvent['type']>(['deliver', 'send.ok', 'client.resumed', 'client.connect']);

/** The fault whose length is known exactly (its healAfter): see harness/faults/client-link-blackhole.ts. */
export const CALIBRATION_FAULT = 'client-link-blackhole';

/**
 * The harness measures a known outage back. For each client-link-blackhole window of length D
 * (fault.injected → fault.end on the harness's monotonic clock) and each client attached to its pod
 * when it began: the measured outage is the client's silence, from its last inbound event before
 * the cut to the first thing it notices after: the heal closing its held connection, or anything
 * arriving (which, inside the window, means the cut did not hold). Value: the largest
 * |measured − D| in ms; details carry D, the bias (mean error) and the p95 error. What remains is
 * how long before the cut the client last heard something (its room's message spacing) and the
 * lateness of the harness's own timestamps. Inbound events stamped within the event loop's lateness
 * after the cut (harness.load samples at the cut, else the run's harness.clock) count as before it:
 * they may have arrived before it and been stamped late.
 */
export const outageCalibration = defineChecker(
  {
    id: 'outage-calibration',
    title: 'Measured outage vs injected outage (max error)',
    unit: 'ms',
    comparison: '<=',
    needs: ['pod-identity'],
    defaultThreshold: 250,
    source:
      'Harness self-check: a known outage measured back within 250 ms per client (measured here: 44-81 ms max error, bias +13 ms, at time scale 0.1 with 60 clients)',
    timing: 'harness',
  },
  (history): Measurement => {
    const windows = faultWindows(history).filter((w) => w.fault === CALIBRATION_FAULT && !w.open);
    if (windows.length === 0) return { value: null, error: `no completed ${CALIBRATION_FAULT} window` };
    const attachment = attachmentTimeline(history);
    const injectedAt = new Map<string, number>();
    const healingAt = new Map<string, number>();
    const inbound = new Map<string, number[]>();
    const disconnects = new Map<string, number[]>();
    for (const e of history) {
      if (e.type === 'fault.injected') injectedAt.set(e.id, e.t);
      else if (e.type === 'fault.healing') healingAt.set(e.id, e.t);
      const into = INBOUND.has(e.type) ? inbound : e.type === 'client.disconnect' ? disconnects : null;
      if (into === null || !('client' in e)) continue;
      const list = into.get(e.client) ?? [];
      list.push(e.t);
      into.set(e.client, list);
    }
    const measured: Array<{
      client: string;
      pod: string;
      before: number;
      silence: number;
      injected: { min: number; max: number };
      error: number;
    }> = [];
    const evidence = new EvidenceList();
    const span = { fromT: Infinity, toT: -Infinity };
    let unmeasured = 0;
    let detectedBeforeHeal = 0;
    for (const w of windows) {
      // The cut is complete once inject() resolved; bytes in flight until then may still arrive.
      const cutT = injectedAt.get(w.id) ?? w.startT;
      // The proxy acted somewhere inside the inject and heal calls, which take long on a busy
      // machine: the cut held at least from fault.injected to fault.healing, at most from
      // fault.start to fault.end. Histories without fault.healing know one length, injected → end.
      const healT = healingAt.get(w.id);
      const injected =
        healT === undefined
          ? { min: w.endT - cutT, max: w.endT - cutT }
          : { min: healT - cutT, max: w.endT - w.startT };
      // What arrived before the cut but was stamped after it by a late event loop is not a breach:
      // inbound events up to the loop's lateness at the cut still belong before it.
      const graceT = cutT + (timingMargin(history, 'harness', { fromT: cutT, toT: cutT })?.loopLateMs ?? 0);
      for (const client of attachment.clients()) {
        const pod = attachment.podAt(client, w.startT);
        if (pod === null || !w.affectedPods.includes(pod)) continue;
        const times = inbound.get(client) ?? [];
        const before = times.findLast((t) => t <= graceT);
        // The outage ends at the first thing the client notices: the heal closes the held
        // connection (a disconnect), or something arrives.
        const firstInbound = times.find((t) => t > graceT);
        const firstDisconnect = (disconnects.get(client) ?? []).find((t) => t > cutT);
        const after = Math.min(firstInbound ?? Infinity, firstDisconnect ?? Infinity);
        // Left before the heal began: its heartbeat noticed the cut (a correct detection), so its
        // silence is the detection time, not the outage's length.
        if (
          healT !== undefined &&
          firstDisconnect !== undefined &&
          after === firstDisconnect &&
          after < healT
        ) {
          detectedBeforeHeal += 1;
          continue;
        }
        if (before === undefined || after === Infinity) {
          unmeasured += 1;
          evidence.add({
            summary: `${client} has no ${before === undefined ? 'inbound event before' : 'event after'} the cut`,
            client,
            pod,
            t: cutT,
          });
          continue;
        }
        span.fromT = Math.min(span.fromT, before);
        span.toT = Math.max(span.toT, after);
        const silence = after - before;
        const error =
          silence < injected.min
            ? silence - injected.min
            : silence > injected.max
              ? silence - injected.max
              : 0;
        measured.push({ client, pod, before, silence, injected, error });
      }
    }
    if (measured.length === 0)
      return {
        value: null,
        details: { detectedBeforeHeal, unmeasured },
        error:
          detectedBeforeHeal > 0
            ? `every measurable client of the blackholed pod (${detectedBeforeHeal}) detected the cut by its heartbeat before the heal: none heard the whole outage`
            : 'no client of the blackholed pod could be measured',
      };
    // The worst measurements first: they are the evidence if the bound is broken.
    measured.sort((a, b) => Math.abs(b.error) - Math.abs(a.error));
    for (const m of measured) {
      evidence.add({
        summary: `${m.client} silent ${Math.round(m.silence)} ms for an injected ${lengthText(m.injected)} (error ${Math.round(m.error)} ms)`,
        client: m.client,
        pod: m.pod,
        t: m.before,
      });
    }
    const errors = measured.map((m) => m.error);
    const absolute = errors.map(Math.abs);
    return {
      value: Math.round(Math.max(...absolute)),
      evidence,
      span,
      details: {
        // The longest window's length (one window in the calibration scenario).
        injectedMs: Math.round(Math.max(...measured.map((m) => m.injected.min))),
        injectedMaxMs: Math.round(Math.max(...measured.map((m) => m.injected.max))),
        clients: errors.length,
        detectedBeforeHeal,
        unmeasured,
        biasMs: Math.round(errors.reduce((a, b) => a + b, 0) / errors.length),
        p95ErrorMs: Math.round(percentile(absolute, 95) ?? 0),
        minErrorMs: Math.round(Math.min(...errors)),
      },
      ...(unmeasured > 0
        ? { error: `${unmeasured} clients of the blackholed pod could not be measured` }
        : {}),
    };
  },
);

const lengthText = (d: { min: number; max: number }) =>
  Math.round(d.min) === Math.round(d.max)
    ? `${Math.round(d.min)} ms`
    : `${Math.round(d.min)}–${Math.round(d.max)} ms`;
