import type { HistoryEvent } from '../history/events.js';

/** The gateway's RATE_LIMIT_WINDOW when the abusive-clients step does not say (the runbook's 60000). */
export const DEFAULT_RATE_WINDOW_MS = 60_000;

export interface AbuseConnection {
  abuser: string;
  connection: string;
  pod: string | null;
  openT: number;
  closeT: number | null;
  /** Closed by the gateway ('io server disconnect'). */
  byServer: boolean;
  /** Times the accepted sends' replies came in. */
  accepted: number[];
  /** Replies by outcome ('ok', 'rate_limited', 'no-reply', …). */
  outcomes: Record<string, number>;
  /** The rate-limit window the abusive-clients step declared (params.windowMs). */
  windowMs: number;
}

/** Every abusive connection that opened, with its replies, in open order. */
export function abuseConnections(history: readonly HistoryEvent[]): AbuseConnection[] {
  const byId = new Map<string, AbuseConnection>();
  // The window the latest abusive-clients step declared, as the history goes by.
  let windowMs = DEFAULT_RATE_WINDOW_MS;
  for (const e of history) {
    if (e.type === 'fault.start' && e.fault === 'abusive-clients') {
      const declared = e.params?.windowMs;
      windowMs = typeof declared === 'number' && declared > 0 ? declared : DEFAULT_RATE_WINDOW_MS;
    }
    if (e.type === 'abuse.connection') {
      if (e.state === 'open') {
        byId.set(e.connection, {
          abuser: e.abuser,
          connection: e.connection,
          pod: e.pod,
          openT: e.t,
          closeT: null,
          byServer: false,
          accepted: [],
          outcomes: {},
          windowMs,
        });
      } else if (e.state === 'closed') {
        const c = byId.get(e.connection);
        if (c !== undefined && c.closeT === null) {
          c.closeT = e.t;
          c.byServer = e.byServer === true;
        }
      }
    } else if (e.type === 'abuse.reply') {
      const c = byId.get(e.connection);
      if (c === undefined) continue;
      c.outcomes[e.outcome] = (c.outcomes[e.outcome] ?? 0) + 1;
      if (e.outcome === 'ok') c.accepted.push(e.t);
    }
  }
  return [...byId.values()];
}
