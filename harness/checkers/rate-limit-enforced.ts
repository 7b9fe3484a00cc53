import { abuseConnections } from './abuse-connections.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * The gateway's rate limit holds against a flood (RATE_LIMIT_MAX events per RATE_LIMIT_WINDOW per
 * connection; the threshold is RATE_LIMIT_MAX, the window the abusive-clients step's params.windowMs).
 * Per abusive connection, its accepted sends are counted in consecutive windows from its open; value:
 * the most any connection got accepted in one window. A window boundary is known to within the
 * handshake's round trip (the gateway starts the window when it accepts the socket); with STRICT_MODE
 * an abusive connection never outlives its first window. Unknown without abusive sends, or when none
 * was refused as rate_limited while the value stayed within the limit (the flood never got past it).
 */
export const rateLimitEnforced = defineChecker(
  {
    id: 'rate-limit-enforced',
    title: 'Sends accepted per rate-limit window (abusive clients)',
    unit: 'sends',
    comparison: '<=',
    needs: ['drill-protocol'],
    defaultThreshold: 100,
    source: 'Performance Degradation step 2: RATE_LIMIT_MAX=100 per RATE_LIMIT_WINDOW=60000',
  },
  (history, ctx) => {
    const connections = abuseConnections(history);
    const evidence = new EvidenceList();
    let worst = 0;
    let replies = 0;
    let accepted = 0;
    let rateLimited = 0;
    const details: Record<string, number> = {};
    for (const c of connections) {
      for (const [outcome, n] of Object.entries(c.outcomes)) {
        replies += n;
        details[`outcome:${outcome}`] = (details[`outcome:${outcome}`] ?? 0) + n;
      }
      accepted += c.accepted.length;
      rateLimited += c.outcomes.rate_limited ?? 0;
      const perWindow = new Map<number, number>();
      for (const t of c.accepted) {
        const k = Math.floor((t - c.openT) / c.windowMs);
        perWindow.set(k, (perWindow.get(k) ?? 0) + 1);
      }
      for (const [k, n] of perWindow) {
        worst = Math.max(worst, n);
        if (n <= ctx.threshold) continue;
        const from = c.openT + k * c.windowMs;
        evidence.add({
          t: from,
          ...(c.pod !== null ? { pod: c.pod } : {}),
          summary: `${c.connection} had ${n} sends accepted in the ${c.windowMs} ms from t=${from} (limit ${ctx.threshold})`,
        });
      }
    }
    const error =
      replies === 0
        ? 'no abusive send got a reply'
        : rateLimited === 0 && worst <= ctx.threshold
          ? 'no send was refused as rate_limited: the flood never got past the limit'
          : undefined;
    return {
      value: replies === 0 ? null : worst,
      evidence,
      details: { ...details, connections: connections.length, replies, accepted, rateLimited },
      ...(error !== undefined ? { error } : {}),
    };
  },
);
