import { distribution, faultWindows } from '../history/derive.js';
import type { EventOfType } from '../history/events.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/** The injected delay a fault.start's params declare (latencyMs), if any. */
function injectedMs(params: Record<string, unknown> | undefined): number | undefined {
  const value = params?.latencyMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * What a user sees as "update latency" (realtime runbook, Performance Degradation: "Slow updates
 * (>1 second latency)"): from the sender's send (its send.invoke) to the delivery at each other
 * member of the room, both on the harness's monotonic clock. Unlike delivery-latency (commit →
 * delivery) it includes the wait for the database commit, and so the pool queueing a slow
 * database causes. Deliveries to the sender itself are left out. Grouped by the fault window
 * ([fault.start, fault.end]) the send falls in, else the one the delivery falls in, else `outside`; value: the worst group's p99 in ms.
 * details per group `<id>.p50/p99/count` and `<id>.injectedMs`. Evidence: the slowest updates at
 * or above the threshold, with their group.
 */
export const updateLatency = defineChecker(
  {
    id: 'update-latency',
    title: 'Update latency p99 (send → other members)',
    unit: 'ms',
    comparison: '<',
    defaultThreshold: 1000,
    source:
      'Realtime runbook Performance Degradation: "Slow updates (>1 second latency)" — send to the other members\' screens',
    timing: 'harness',
  },
  (history, ctx) => {
    const windows = faultWindows(history);
    const params = new Map<string, Record<string, unknown> | undefined>();
    const invokedAt = new Map<string, number>();
    for (const e of history) {
      if (e.type === 'fault.start') params.set(e.id, e.params);
      else if (e.type === 'send.invoke' && !invokedAt.has(e.clientMsgId)) invokedAt.set(e.clientMsgId, e.t);
    }
    const spans = new Map<string, { fromT: number; toT: number }>();
    const groups = new Map<string, number[]>([
      ['outside', []],
      ...windows.map((w) => [w.id, []] as [string, number[]]),
    ]);
    const slow: Array<{ e: EventOfType<'deliver'>; ms: number; group: string }> = [];
    for (const e of history) {
      if (e.type !== 'deliver' || e.client === e.sender) continue;
      const sentT = invokedAt.get(e.clientMsgId);
      if (sentT === undefined) continue;
      const ms = e.t - sentT;
      const inside = (t: number) => windows.find((w) => t >= w.startT && t <= w.endT)?.id;
      const group = inside(sentT) ?? inside(e.t) ?? 'outside';
      groups.get(group)!.push(ms);
      const span = spans.get(group) ?? { fromT: sentT, toT: e.t };
      spans.set(group, { fromT: Math.min(span.fromT, sentT), toT: Math.max(span.toT, e.t) });
      if (ms >= ctx.threshold) slow.push({ e, ms, group });
    }
    const details: Record<string, number> = { windows: windows.length };
    let worst: number | null = null;
    let worstGroup = 'outside';
    for (const [group, values] of groups) {
      const d = distribution(values);
      details[`${group}.count`] = d.count;
      if (d.count === 0) continue;
      details[`${group}.p50`] = d.p50;
      details[`${group}.p99`] = d.p99;
      details[`${group}.max`] = d.max;
      const injected = injectedMs(params.get(group));
      if (injected !== undefined) details[`${group}.injectedMs`] = injected;
      if (worst === null || d.p99 > worst) worstGroup = group;
      worst = Math.max(worst ?? 0, d.p99);
    }
    if (worst === null) return { value: null, error: 'no delivery of a sent message to another member' };
    const evidence = new EvidenceList();
    for (const { e, ms, group } of slow.sort((a, b) => b.ms - a.ms)) {
      evidence.add({
        client: e.client,
        room: e.room,
        seq: e.seq,
        clientMsgId: e.clientMsgId,
        t: e.t,
        summary: `${e.clientMsgId} (seq ${e.seq} in ${e.room}) from ${e.sender} reached ${e.client} at t=${e.t}, ${Math.round(ms)} ms after it was sent${group === 'outside' ? '' : `, during ${group}`}`,
      });
    }
    const span = spans.get(worstGroup);
    return { value: worst, evidence, details, ...(span ? { span } : {}) };
  },
);
