import type { FaultType } from './fault.js';

/**
 * Infrastructure runbook "Sessions Not Sticky": the load balancer loses its cookie affinity (an
 * ingress change drops `affinity: cookie`). HAProxy reloads without `cookie SERVERID`, so every HTTP
 * request is balanced on its own: a long-polling client's next request lands on a pod that does not
 * hold its Engine.IO session and gets 400 "Session ID unknown". Websockets are one request each and
 * do not care. Heal reloads with affinity on again.
 *
 * A reload leaves established tunnels on the old HAProxy worker until `hard-stop-after` (the tunnel
 * timeout), which then cuts them: use this fault with long-polling clients, and configure affinity
 * off from the start (`loadBalancer.affinity: false`) to show that websockets are unaffected.
 *
 * It disturbs nobody by the runbook's design (affectedPods is empty): the runbook's fix is to turn
 * affinity on, so every disconnect while it lasts is collateral.
 */
export const lbAffinityOff: FaultType = {
  name: 'lb-affinity-off',
  description: 'reload the load balancer without cookie affinity; heal turns affinity back on',
  requires: ['loadbalancer.reconfigure'],
  create(target, _params, ctx) {
    if (!('component' in target) || target.component !== 'load-balancer') {
      throw new Error(`lb-affinity-off targets {component: 'load-balancer'}, got ${JSON.stringify(target)}`);
    }
    return {
      targets: [{ kind: 'load-balancer', name: 'haproxy' }],
      affectedPods: [],
      unreadyPods: [],
      params: { affinity: false },
      async inject() {
        await ctx.topology.reconfigureLoadBalancer({ affinity: false });
        ctx.sink.record({ type: 'note', level: 'info', message: 'load balancer reloaded with affinity off' });
      },
      async heal() {
        await ctx.topology.reconfigureLoadBalancer({ affinity: true });
        ctx.sink.record({ type: 'note', level: 'info', message: 'load balancer reloaded with affinity on' });
      },
    };
  },
};
