import { closedAt, finalSyncT, knownClients } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * After a secret rotation, every client is back on a connection made with a new-secret token: virtual
 * users fetch a token from the run's issuer at every connection attempt, so a client whose last
 * client.connect before 'final-sync' came after the issuer switched (secret.rotation
 * `issuer-switched`, the last one) re-authenticated. Value: clients still on an older connection (or
 * never connected); clients the harness closed before the cutoff are left out. Unknown without a
 * rotation.
 */
export const clientsReauthenticated = defineChecker(
  {
    id: 'clients-reauthenticated',
    title: 'Clients re-authenticated with the new secret',
    unit: 'clients',
    comparison: '<=',
    needs: ['jwt-auth'],
    defaultThreshold: 0,
    source: 'Security Incident step 3: after the rotation every client holds a new-secret session',
  },
  (history) => {
    const switches = history.filter((e) => e.type === 'secret.rotation' && e.step === 'issuer-switched');
    const switchT = switches.at(-1)?.t;
    if (switchT === undefined) return { value: null, error: 'no secret rotation switched the token issuer' };
    const cutoffT = finalSyncT(history);
    const closed = closedAt(history);
    const lastConnect = new Map<string, number>();
    for (const e of history) {
      if (e.t > cutoffT) break;
      if (e.type === 'client.connect') lastConnect.set(e.client, e.t);
    }
    const evidence = new EvidenceList();
    let judged = 0;
    for (const client of knownClients(history)) {
      if ((closed.get(client) ?? Infinity) <= cutoffT) continue;
      judged += 1;
      const t = lastConnect.get(client);
      if (t !== undefined && t > switchT) continue;
      evidence.add({
        client,
        ...(t !== undefined ? { t } : {}),
        summary:
          t === undefined
            ? `${client} never connected`
            : `${client}'s connection at t=${t} predates the issuer's switch to the new secret at t=${switchT}`,
      });
    }
    return { value: evidence.total, evidence, details: { judged, issuerSwitchedT: switchT, cutoffT } };
  },
);
