import { abuseConnections } from './abuse-connections.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * STRICT_MODE cuts an abusive connection: per abusive connection, the rate_limited refusals it got
 * before the gateway disconnected it (all of them when the gateway never did). Value: the most any
 * connection got; the threshold allows for sends already in flight when the gateway decided. Unknown
 * when no abusive connection was refused at all, or, within the threshold, none was cut by the
 * gateway (the flood ended before strict mode had to act).
 */
export const abusersDisconnected = defineChecker(
  {
    id: 'abusers-disconnected',
    title: 'Rate-limit refusals before strict mode cut an abusive connection',
    unit: 'refusals',
    comparison: '<=',
    needs: ['drill-protocol'],
    defaultThreshold: 20,
    source:
      'Security Incident step 1: STRICT_MODE=true (the reference gateway cuts a client after 3 violations; 20 allows for sends already in flight, ≈ 0.2 s of this flood)',
  },
  (history, ctx) => {
    const connections = abuseConnections(history);
    const evidence = new EvidenceList();
    let worst = 0;
    let refusedConnections = 0;
    let cutByServer = 0;
    for (const c of connections) {
      const refusals = c.outcomes.rate_limited ?? 0;
      if (refusals > 0) refusedConnections += 1;
      if (c.byServer) cutByServer += 1;
      worst = Math.max(worst, refusals);
      if (refusals <= ctx.threshold) continue;
      const ending = c.byServer
        ? `before the gateway cut it at t=${c.closeT}`
        : `and the gateway never cut it (${c.closeT === null ? 'still open' : `the harness closed it at t=${c.closeT}`})`;
      evidence.add({
        t: c.openT,
        ...(c.pod !== null ? { pod: c.pod } : {}),
        summary: `${c.connection} (open at t=${c.openT}) was refused ${refusals} times as rate_limited ${ending}`,
      });
    }
    const error =
      refusedConnections === 0
        ? 'no abusive connection was refused as rate_limited'
        : cutByServer === 0 && worst <= ctx.threshold
          ? 'the gateway cut no abusive connection'
          : undefined;
    return {
      value: refusedConnections === 0 ? null : worst,
      evidence,
      details: { connections: connections.length, refusedConnections, cutByServer },
      ...(error !== undefined ? { error } : {}),
    };
  },
);
