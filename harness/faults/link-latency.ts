import { numberParam } from './fault-params.js';
import type { LinkName, LinkToxic } from '../env/provider.js';
import type { FaultTarget } from '../history/events.js';
import type { FaultContext, FaultType, TargetSelector } from './fault.js';

/** Defaults of the latency-degradation scenario: 200 ms ± 50 ms each way. */
export const DEFAULT_LATENCY_MS = 200;
export const DEFAULT_JITTER_MS = 50;

const TOXIC_NAME = 'drill-latency';

/**
 * Which links a selector means. `{component: 'database'}`: every pod->postgres link;
 * `{component: 'redis'}`: every pod->redis link; `{component: 'load-balancer'}`: every client->pod
 * link (they sit between HAProxy and each pod: the fault proxy has no link in front of HAProxy);
 * `{pod}`: the three links of that named pod (a scenario's `random` pod is drawn by the fault plan
 * before the run, runner/fault-plan.ts, and never reaches here); `{link}`: that one link.
 */
export function resolveLinks(target: TargetSelector, ctx: FaultContext): LinkName[] {
  const links = ctx.topology.links;
  const pick = (test: (link: LinkName) => boolean, what: string): LinkName[] => {
    const found = links.filter(test);
    if (found.length === 0) throw new Error(`no ${what} link in the topology; links: ${links.join(', ')}`);
    return found;
  };
  if ('link' in target) return pick((l) => l === target.link, target.link);
  if ('pod' in target) {
    const pods = ctx.topology.pods.map((p) => p.name);
    if (target.pod === 'random' || !pods.includes(target.pod)) {
      throw new Error(`link-latency needs a named pod (one of ${pods.join(', ')}), got ${target.pod}`);
    }
    return pick((l) => l === `client->${target.pod}` || l.startsWith(`${target.pod}->`), `${target.pod}`);
  }
  if ('component' in target) {
    switch (target.component) {
      case 'database':
        return pick((l) => l.endsWith('->postgres'), 'pod->postgres');
      case 'redis':
        return pick((l) => l.endsWith('->redis'), 'pod->redis');
      case 'load-balancer':
        return pick((l) => l.startsWith('client->'), 'client->pod');
    }
  }
  throw new Error(`link-latency cannot target ${JSON.stringify(target)}`);
}

/**
 * Realtime runbook "Performance Degradation": a Toxiproxy latency toxic (latency ± jitter, in real
 * milliseconds: network delay is not a runbook timer and is not time-scaled) on both directions of
 * every selected link. It disturbs nobody by design (affectedPods is empty): the heartbeat grace is
 * 25 s, so every disconnect while it lasts is collateral. Heal removes the toxics.
 *
 * params: `latencyMs` (default 200), `jitterMs` (default 50); they are recorded in fault.start.
 */
export const linkLatency: FaultType = {
  name: 'link-latency',
  description: 'latency ± jitter on both directions of the selected links; heal removes it',
  requires: ['link.toxic'],
  create(target, params, ctx) {
    const links = resolveLinks(target, ctx);
    const latency = numberParam('link-latency', params, 'latencyMs', DEFAULT_LATENCY_MS);
    const jitter = numberParam('link-latency', params, 'jitterMs', DEFAULT_JITTER_MS);
    if (jitter > latency) throw new Error(`link-latency: jitterMs ${jitter} exceeds latencyMs ${latency}`);
    const streams = ['upstream', 'downstream'] as const;
    const added: Array<{ link: LinkName; name: string }> = [];
    const targets: FaultTarget[] = links.map((name) => ({ kind: 'link', name }));
    return {
      targets,
      affectedPods: [],
      unreadyPods: [],
      async inject() {
        for (const link of links) {
          for (const stream of streams) {
            const name = `${TOXIC_NAME}-${stream}`;
            const toxic: LinkToxic = { type: 'latency', stream, attributes: { latency, jitter } };
            await ctx.topology.addToxic(link, name, toxic);
            added.push({ link, name });
          }
        }
        ctx.sink.record({
          type: 'note',
          level: 'info',
          message: `link-latency: ${latency} ± ${jitter} ms each way on ${links.join(', ')}`,
        });
      },
      async heal() {
        const failures: string[] = [];
        for (const { link, name } of added.splice(0)) {
          try {
            await ctx.topology.removeToxic(link, name);
          } catch (error) {
            failures.push(`${link}/${name}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
        if (failures.length > 0) throw new Error(`link-latency heal failed: ${failures.join('; ')}`);
      },
    };
  },
};
