import type { MemoryLimitEvent, Topology } from '../env/provider.js';
import { resolvePod, type FaultContext, type FaultType } from './fault.js';
import { numberParam } from './fault-params.js';
import { restartRecorded } from './pod-lifecycle.js';
import { Flood } from './flood.js';

const NAME = 'memory-pressure';
const MiB = 1024 * 1024;
const FLOOD_ROOM = 'memory-flood';

type Limitable = Topology & {
  setPodMemoryLimit: NonNullable<Topology['setPodMemoryLimit']>;
  podMemoryBytes: NonNullable<Topology['podMemoryBytes']>;
};

function limitable(topology: Topology): Limitable {
  if (typeof topology.setPodMemoryLimit !== 'function' || typeof topology.podMemoryBytes !== 'function')
    throw new Error(`${NAME} needs a provider that can limit a pod's memory (${topology.provider} cannot)`);
  return topology as Limitable;
}

/** Records what the pod's memory limit did, as the orchestrator reports it. */
function recordLimitEvent(ctx: FaultContext, event: MemoryLimitEvent): void {
  const { pod } = event;
  switch (event.type) {
    case 'oom-killed':
      ctx.sink.record({
        type: 'pod.state',
        pod,
        state: 'killed',
        exitCode: event.exit.code,
        reason: 'OOMKilled',
        rssBytes: event.rssBytes,
        limitBytes: event.limitBytes,
      });
      break;
    case 'restarting':
      ctx.sink.record({ type: 'pod.state', pod, state: 'started' });
      break;
    case 'restarted':
      ctx.sink.record({ type: 'pod.state', pod, state: 'ready' });
      break;
    case 'restart-failed':
      ctx.sink.record({
        type: 'note',
        level: 'error',
        message: `${pod}: restart ${event.restart} after an OOM kill failed: ${event.error}`,
      });
      break;
    case 'gave-up':
      ctx.sink.record({
        type: 'note',
        level: 'warn',
        message: `${pod}: left down after ${event.restarts} restarts (CrashLoopBackOff)`,
      });
      break;
  }
}

/**
 * Infrastructure runbook "Problem: Pods OOMKilled" (and realtime "High Memory Usage › Option 1:
 * Restart with memory limit"): one pod gets a small memory limit — its resident memory now plus
 * `headroomMiB` — and a flood of connections with valid tokens straight at its own URL (bypassing the
 * load balancer, so nothing spreads them) until its memory goes over the limit. The provider then
 * kills it (OOMKilled) and restarts it after the restart backoff (Kubernetes: 10 s, scaled); the
 * flood stops at the kill. Heal stops the flood, closes its connections, lifts the limit and makes
 * sure the pod runs. Records pod.memory-limit, flood.connection per attempt, and pod.state (killed
 * with reason OOMKilled, started, ready). Bounded by `maxConnections` and by the fault window.
 *
 * Plain open connections cost a gateway whose heap has grown little RSS (measured: 1,800 of them
 * moved it by 12 MiB, and 32 MiB were never reached), so each flood client carries `authPaddingKiB`
 * of extra handshake data, which Socket.IO keeps with the socket: the pod fills its headroom with a
 * few hundred connections (420-520 measured) instead of many thousands.
 *
 * params: `headroomMiB` (32), `authPaddingKiB` (48), `maxConnections` (4000), `concurrency` (32),
 * `restartBackoffSeconds` (runbook seconds, 10), `maxRestarts` (3).
 */
export const memoryPressure: FaultType = {
  name: NAME,
  description: 'a small memory limit on one pod and a connection flood at it until it is OOM-killed',
  requires: ['pod.memory-limit', 'pod.kill', 'pod.start'],
  // Its flood is raw handshakes with signed tokens.
  needs: ['drill-protocol', 'jwt-auth'],
  create(target, params, ctx) {
    const tokens = ctx.tokens;
    if (tokens === undefined) throw new Error(`${NAME} needs the run token issuer (ctx.tokens)`);
    const topology = limitable(ctx.topology);
    const pod = resolvePod(target, ctx);
    const info = topology.pods.find((p) => p.name === pod)!;
    const s = {
      headroomMiB: numberParam(NAME, params, 'headroomMiB', 32, { min: 1 }),
      maxConnections: numberParam(NAME, params, 'maxConnections', 4000, { min: 1, integer: true }),
      concurrency: numberParam(NAME, params, 'concurrency', 32, { min: 1, integer: true }),
      authPaddingKiB: numberParam(NAME, params, 'authPaddingKiB', 48, { integer: true }),
      restartBackoffSeconds: numberParam(NAME, params, 'restartBackoffSeconds', 10),
      maxRestarts: numberParam(NAME, params, 'maxRestarts', 3, { integer: true }),
    };
    // Socket.IO keeps a socket's handshake (auth included) for as long as it is open: a fat handshake
    // is memory the pod holds per connection, whatever its runtime does with its heap.
    const padding = 'x'.repeat(s.authPaddingKiB * 1024);
    const flood = new Flood({
      pod,
      url: info.url,
      sink: ctx.sink,
      connections: s.maxConnections,
      concurrency: s.concurrency,
      auth: (index) => ({
        token: tokens.sign(`flood-${index}`, [FLOOD_ROOM]),
        ...(padding ? { padding } : {}),
      }),
    });

    return {
      targets: [{ kind: 'pod', name: pod }],
      affectedPods: [pod],
      unreadyPods: [pod],
      params: { ...s },
      async inject() {
        const rss = topology.podMemoryBytes(pod);
        if (rss === undefined) throw new Error(`${NAME}: ${pod} is not running`);
        const limitBytes = Math.round(rss + s.headroomMiB * MiB);
        ctx.sink.record({ type: 'pod.memory-limit', pod, limitBytes, rssBytes: rss });
        await topology.setPodMemoryLimit(pod, {
          bytes: limitBytes,
          restartBackoffMs: Math.round(s.restartBackoffSeconds * 1000 * (ctx.timeScale ?? 1)),
          maxRestarts: s.maxRestarts,
          onEvent: (event) => {
            // The pod is gone: flooding its restart would only kill it again.
            if (event.type === 'oom-killed') flood.halt();
            recordLimitEvent(ctx, event);
          },
        });
        void flood.start();
      },
      async heal() {
        await flood.stop();
        await topology.setPodMemoryLimit(pod, null);
        ctx.sink.record({
          type: 'pod.memory-limit',
          pod,
          limitBytes: null,
          rssBytes: topology.podMemoryBytes(pod) ?? null,
        });
        await restartRecorded(ctx, pod);
      },
    };
  },
};
