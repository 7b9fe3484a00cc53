import { faultWindows } from '../history/derive.js';
import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * The status badge a person sees: every page ends on Live; a page whose pod a fault took away
 * left Live while it was away (it did not claim to be live) and came back to Live.
 * Value: pages that broke either rule.
 */
export const browserBadge = defineChecker(
  {
    id: 'browser-badge',
    title: 'Browser status badge tells the truth',
    unit: 'pages',
    comparison: '<=',
    needs: ['chat-page'],
    defaultThreshold: 0,
    source: 'Manual test step 5: Check for "Live" indicator (green badge)',
  },
  (history) => {
    const evidence = new EvidenceList();
    const badges = new Map<string, Array<{ t: number; text: string }>>();
    const podAt = new Map<string, Array<{ t: number; pod: string | null }>>();
    for (const e of history) {
      if (e.type === 'browser.badge')
        badges.set(e.client, [...(badges.get(e.client) ?? []), { t: e.t, text: e.text }]);
      else if (e.type === 'client.attach' && badges.has(e.client))
        podAt.set(e.client, [...(podAt.get(e.client) ?? []), { t: e.t, pod: e.pod }]);
    }
    if (badges.size === 0) return { value: null, error: 'no browser.badge events' };
    const windows = faultWindows(history);
    for (const [client, seen] of badges) {
      const last = seen.at(-1)!;
      if (last.text !== 'Live') {
        evidence.add({ client, t: last.t, summary: `${client} ends showing "${last.text}", not Live` });
        continue;
      }
      for (const w of windows) {
        const attached = [...(podAt.get(client) ?? [])].reverse().find((a) => a.t <= w.startT)?.pod;
        if (!attached || !w.affectedPods.includes(attached)) continue;
        const during = seen.filter((b) => b.t >= w.startT);
        const away = during.findIndex((b) => b.text !== 'Live');
        const back = away >= 0 && during.slice(away).some((b) => b.text === 'Live');
        if (!back) {
          evidence.add({
            client,
            pod: attached,
            t: w.startT,
            summary: `${client} was on ${attached} when ${w.fault} hit it, but its badge ${away < 0 ? 'never left Live' : 'never came back to Live'}`,
          });
        }
      }
    }
    return { value: evidence.total, evidence, details: { pages: badges.size } };
  },
);
