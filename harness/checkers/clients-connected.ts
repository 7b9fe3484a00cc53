import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * Users the system could not take or keep before any fault: at each census (end of the ramp, end
 * of the steady state), clients − connected. Value: the worst census. Evidence: who, and the SDK's
 * last error (e.g. "connect_failed: websocket error"). A system that refuses its clients fails
 * here with a verdict, not a harness error.
 */
export const clientsConnected = defineChecker(
  {
    id: 'clients-connected',
    title: 'Clients not connected before the fault',
    unit: 'clients',
    comparison: '<=',
    defaultThreshold: 0,
    source:
      'Every client connects and stays connected before any fault (no verdict on the faults is possible otherwise)',
  },
  (history) => {
    const evidence = new EvidenceList();
    let worst: number | null = null;
    const details: Record<string, number> = {};
    for (const e of history) {
      if (e.type !== 'clients.census') continue;
      const missing = e.clients - e.connected;
      details[`${e.checkpoint}.connected`] = e.connected;
      details.clients = e.clients;
      worst = Math.max(worst ?? 0, missing);
      for (const u of e.unconnected) {
        evidence.add({
          summary: `${u.client} not connected at the end of the ${e.checkpoint}${u.lastError ? `: ${u.lastError}` : ''}`,
          client: u.client,
          t: e.t,
        });
      }
      // The census lists at most a few users; the count is the evidence for the rest.
      evidence.total += Math.max(0, missing - e.unconnected.length);
    }
    if (worst === null) return { value: null, error: 'no clients.census in the history' };
    return { value: worst, evidence, details };
  },
);
