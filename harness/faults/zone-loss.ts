import type { PodInfo } from '../env/provider.js';
import type { FaultTarget } from '../history/events.js';
import { blackholeLinks, HEAL_READY_TIMEOUT_MS, podLinks, restoreLinks, waitHealthy } from './blackhole.js';
import type { FaultType, TargetSelector } from './fault.js';

export interface ZoneLossPlan {
  zone: string;
  /** Pods of the zone: paused (SIGSTOP) with every link blackholed. */
  pods: string[];
  /** Their client->pod, pod->redis and pod->postgres links. */
  links: string[];
  /** The database primary lives in the zone: it is lost too, and the standby promoted. */
  failoverDatabase: boolean;
}

/**
 * Which pods and links a zone loss takes (pure). `databaseZone` is the zone of the PostgreSQL primary
 * (the scenario's topology.databaseZone); absent: the database is left alone.
 */
export function planZoneLoss(
  pods: readonly PodInfo[],
  links: readonly string[],
  zone: string,
  databaseZone: string | undefined,
): ZoneLossPlan {
  const inZone = pods.filter((p) => p.zone === zone).map((p) => p.name);
  if (inZone.length === 0) {
    const zones = [...new Set(pods.map((p) => p.zone))].join(', ');
    throw new Error(`zone-loss: no pod in zone ${zone}; zones with pods: ${zones}`);
  }
  const known = new Set(links);
  const zoneLinks = inZone.flatMap((pod) => Object.values(podLinks(pod)));
  const missing = zoneLinks.filter((l) => !known.has(l));
  if (missing.length > 0) throw new Error(`zone-loss: the topology has no link ${missing.join(', ')}`);
  return { zone, pods: inZone, links: zoneLinks, failoverDatabase: databaseZone === zone };
}

/** The zone a selector names; `random` is drawn by the fault plan before the run, never here. */
function resolveZone(target: TargetSelector): string {
  if (!('zone' in target)) throw new Error(`zone-loss targets a zone, got ${JSON.stringify(target)}`);
  if (target.zone === 'random') {
    throw new Error(
      "zone-loss: {zone: 'random'} must be resolved by the fault plan before the fault is created",
    );
  }
  return target.zone;
}

/**
 * Runbook "Scenario 2: Availability Zone Failure": every pod of the zone hangs (SIGSTOP, or docker pause
 * after its container is cut from every network) and every link of the zone is blackholed in both
 * directions (timeout toxic 0): no FIN, no RST, so clients
 * only notice through their heartbeat. When the database primary lives in the zone
 * (params.databaseZone), it is lost too: the standby is promoted and the endpoint flipped.
 * Heal: the toxics are removed and the pods resumed; they rejoin the load balancer once healthy,
 * which heal waits for (params.readyTimeoutMs, default 30 s) so that the fault window ends with the
 * zone back in service.
 */
export const zoneLoss: FaultType = {
  name: 'zone-loss',
  description:
    'hang every pod of a zone (SIGSTOP) and blackhole its links; fail the database over if its primary is there',
  requires: ['pod.pause', 'link.toxic', 'database.failover'],
  create(target, params, ctx) {
    const zone = resolveZone(target);
    const databaseZone = typeof params.databaseZone === 'string' ? params.databaseZone : undefined;
    const readyTimeoutMs =
      typeof params.readyTimeoutMs === 'number' ? params.readyTimeoutMs : HEAL_READY_TIMEOUT_MS;
    const plan = planZoneLoss(ctx.topology.pods, ctx.topology.links, zone, databaseZone);
    const targets: FaultTarget[] = [
      { kind: 'zone', name: zone },
      ...plan.pods.map((name): FaultTarget => ({ kind: 'pod', name })),
      ...plan.links.map((name): FaultTarget => ({ kind: 'link', name })),
      ...(plan.failoverDatabase ? [{ kind: 'database', name: 'primary' } satisfies FaultTarget] : []),
    ];
    const paused = new Set<string>();
    const isolated = new Set<string>();
    let blackholed = false;
    return {
      targets,
      affectedPods: plan.pods,
      // A database failover makes every pod briefly unready (its /health checks the database).
      unreadyPods: plan.failoverDatabase ? ctx.topology.pods.map((p) => p.name) : plan.pods,
      params: { ...plan },
      async inject() {
        for (const pod of plan.pods) {
          // A provider whose pods are hosts of their own (containers) also cuts them from the network.
          if (ctx.topology.isolatePod) {
            await ctx.topology.isolatePod(pod);
            isolated.add(pod);
          }
          await ctx.topology.pausePod(pod);
          paused.add(pod);
          ctx.sink.record({ type: 'pod.state', pod, state: 'paused' });
        }
        blackholed = true;
        await blackholeLinks(ctx.topology, plan.links);
        if (plan.failoverDatabase) {
          ctx.sink.record({
            type: 'note',
            level: 'info',
            message: `zone-loss: the database primary lives in zone ${zone}: failing over to the standby`,
          });
          await ctx.topology.failoverDatabase();
          ctx.sink.record({
            type: 'note',
            level: 'info',
            message: 'zone-loss: standby promoted, endpoint flipped',
          });
        }
      },
      async heal() {
        if (blackholed) await restoreLinks(ctx.topology, plan.links);
        blackholed = false;
        await Promise.all(
          [...paused].map(async (pod) => {
            if (isolated.has(pod)) {
              await ctx.topology.rejoinPod?.(pod);
              isolated.delete(pod);
            }
            await ctx.topology.resumePod(pod);
            paused.delete(pod);
            ctx.sink.record({ type: 'pod.state', pod, state: 'resumed' });
            const info = ctx.topology.pods.find((p) => p.name === pod);
            if (info !== undefined && (await waitHealthy(info, readyTimeoutMs))) {
              ctx.sink.record({ type: 'pod.state', pod, state: 'ready' });
            } else {
              ctx.sink.record({
                type: 'note',
                level: 'warn',
                message: `zone-loss: ${pod} was not healthy ${readyTimeoutMs} ms after it was resumed`,
              });
            }
          }),
        );
      },
    };
  },
};
