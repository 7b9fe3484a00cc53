import { defineChecker, EvidenceList } from './define-checker.js';

/**
 * What each browser page finally shows, read from its DOM: every committed message of its room
 * after it joined, once, in seq order; and every text a page typed, on every page.
 * Value: missing or misplaced items across pages.
 */
export const browserRendered = defineChecker(
  {
    id: 'browser-rendered',
    title: 'Messages shown on the browser pages',
    unit: 'items',
    comparison: '<=',
    needs: ['chat-page'],
    defaultThreshold: 0,
    source: 'Manual test step 4: Verify task moves in window 2',
  },
  (history) => {
    const evidence = new EvidenceList();
    const committed = new Map<string, number[]>();
    const joinedAfter = new Map<string, number>();
    const typed: Array<{ client: string; room: string; text: string; t: number }> = [];
    const rendered: Array<{ client: string; room: string; seqs: number[]; texts: string[]; t: number }> = [];
    for (const e of history) {
      if (e.type === 'audit.committed')
        committed.set(
          e.room,
          e.messages.map((m) => m.seq),
        );
      else if (e.type === 'client.join' && !joinedAfter.has(`${e.client}\u0000${e.room}`)) {
        joinedAfter.set(`${e.client}\u0000${e.room}`, e.fromSeq);
      } else if (e.type === 'browser.typed') typed.push(e);
      else if (e.type === 'browser.rendered') rendered.push(e);
    }
    if (rendered.length === 0)
      return { value: null, error: 'no browser.rendered event: no page was read at the end' };
    for (const page of rendered) {
      const all = committed.get(page.room);
      if (all === undefined) return { value: null, error: `no audit of ${page.room}` };
      const from = joinedAfter.get(`${page.client}\u0000${page.room}`) ?? 0;
      const expected = all.filter((s) => s > from);
      const shown = new Set(page.seqs);
      for (const seq of expected) {
        if (!shown.has(seq)) {
          evidence.add({
            client: page.client,
            room: page.room,
            seq,
            t: page.t,
            summary: `${page.client} never showed seq ${seq}`,
          });
        }
      }
      page.seqs.forEach((seq, i) => {
        if (i > 0 && seq <= page.seqs[i - 1]!) {
          evidence.add({
            client: page.client,
            room: page.room,
            seq,
            t: page.t,
            summary: `${page.client} shows seq ${seq} after seq ${page.seqs[i - 1]} (out of order or twice)`,
          });
        }
      });
      for (const t of typed.filter((x) => x.room === page.room)) {
        if (!page.texts.some((line) => line.endsWith(`: ${t.text}`))) {
          evidence.add({
            client: page.client,
            room: page.room,
            t: t.t,
            summary: `"${t.text}" typed on ${t.client} never appeared on ${page.client}`,
          });
        }
      }
    }
    return { value: evidence.total, evidence, details: { pages: rendered.length, typed: typed.length } };
  },
);
