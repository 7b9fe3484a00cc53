import type { FaultType } from './fault.js';
import { resolvePod } from './fault.js';
import { Flood } from './flood.js';
import { numberParam } from './fault-params.js';

/** The flood's user and room: tokens are valid, so only MAX_CONNECTIONS can refuse them. */
const FLOOD_ROOM = 'security-flood';

/**
 * Realtime runbook "High Memory Usage › Option 2: Enable connection limits" (MAX_CONNECTIONS) under
 * attack: `connections` handshakes with valid tokens straight at one pod (its own URL, bypassing the
 * load balancer, so nothing spreads them), `concurrency` at a time. Set `connections` past the pod's
 * MAX_CONNECTIONS: the excess must be refused (`server_full`). Every accepted connection is held
 * until heal() closes it. Records one flood.connection per attempt (open, refused with its code,
 * timeout, error) and per close (byServer when the gateway cut it). Bounded by `connections`; each
 * handshake gives up after 5 s. The fleet is judged as bystanders (affectedPods is empty).
 *
 * params: `connections` (default 1100), `concurrency` (default 32).
 */
export const connectionFlood: FaultType = {
  name: 'connection-flood',
  description: 'open more connections to one pod than its MAX_CONNECTIONS, hold them, then close',
  requires: [],
  // Raw handshakes with signed tokens straight at one pod.
  needs: ['drill-protocol', 'jwt-auth'],
  create(target, params, ctx) {
    const tokens = ctx.tokens;
    if (tokens === undefined) throw new Error('connection-flood needs the run token issuer (ctx.tokens)');
    const pod = resolvePod(target, ctx);
    const info = ctx.topology.pods.find((p) => p.name === pod)!;
    const connections = numberParam('connection-flood', params, 'connections', 1100, {
      min: 1,
      integer: true,
    });
    const concurrency = numberParam('connection-flood', params, 'concurrency', 32, { min: 1, integer: true });
    const flood = new Flood({
      pod,
      url: info.url,
      sink: ctx.sink,
      connections,
      concurrency,
      auth: (index) => ({ token: tokens.sign(`flood-${index}`, [FLOOD_ROOM]) }),
    });

    return {
      targets: [{ kind: 'pod', name: pod }],
      affectedPods: [],
      unreadyPods: [],
      params: { connections, concurrency },
      async inject() {
        await flood.start();
      },
      heal: () => flood.stop(),
    };
  },
};
