import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { browserBadge } from './browser-badge.js';
import { browserRendered } from './browser-rendered.js';
import { judge } from './test-support/history-builder.js';

const badge = (client: string, text: string) => ({ type: 'browser.badge' as const, client, text });
const rendered = (client: string, seqs: number[], texts: string[]) => ({
  type: 'browser.rendered' as const,
  client,
  room: 'browser-room',
  seqs,
  texts,
});

describe('browser-rendered', () => {
  const base = () =>
    new HistoryBuilder()
      .join('browser-1', 'browser-room', 0)
      .join('browser-2', 'browser-room', 0)
      .push({ type: 'browser.typed', client: 'browser-1', room: 'browser-room', text: 'hi' })
      .push({ type: 'browser.typed', client: 'browser-2', room: 'browser-room', text: 'yo' })
      .audit('browser-room', [1, 2]);

  it('passes when every page shows every message after its join, in order, and every typed text', () => {
    const history = base()
      .push(rendered('browser-1', [1, 2], ['browser-1: hi', 'browser-2: yo']))
      .push(rendered('browser-2', [1, 2], ['browser-1: hi', 'browser-2: yo']))
      .build();
    expect(judge(browserRendered, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails naming the page and the seq it never showed, and the typed text that never appeared', () => {
    const history = base()
      .push(rendered('browser-1', [1, 2], ['browser-1: hi', 'browser-2: yo']))
      .at(50)
      .push(rendered('browser-2', [1], ['browser-1: hi']))
      .build();
    const result = judge(browserRendered, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 2 });
    expect(result.evidence[0]).toMatchObject({ client: 'browser-2', seq: 2, t: 50 });
    expect(result.evidence[1]?.summary).toBe('"yo" typed on browser-2 never appeared on browser-2');
  });

  it('fails on a page showing a seq twice or out of order', () => {
    const history = base()
      .push(rendered('browser-1', [1, 2, 2], ['browser-1: hi', 'browser-2: yo', 'browser-2: yo']))
      .push(rendered('browser-2', [2, 1], ['browser-2: yo', 'browser-1: hi']))
      .build();
    expect(judge(browserRendered, history, 0)).toMatchObject({ verdict: 'fail', value: 2 });
  });

  it('is unknown when no page was read at the end', () => {
    expect(judge(browserRendered, base().build(), 0)).toMatchObject({ verdict: 'unknown', value: null });
  });
});

describe('browser-badge', () => {
  const killed = () =>
    new HistoryBuilder()
      .push(badge('browser-1', 'Live'))
      .push(badge('browser-2', 'Live'))
      .connect('browser-1', 'pod-a')
      .connect('browser-2', 'pod-b')
      .at(100)
      .faultStart('pod-kill-1', ['pod-a']);

  it('passes when the page on the killed pod shows Reconnecting and comes back Live, and the other stays Live', () => {
    const history = killed()
      .at(110)
      .push(badge('browser-1', 'Reconnecting'))
      .at(300)
      .push(badge('browser-1', 'Live'))
      .faultEnd('pod-kill-1')
      .build();
    expect(judge(browserBadge, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails when the badge of the page on the killed pod claims Live throughout', () => {
    const result = judge(browserBadge, killed().at(300).faultEnd('pod-kill-1').build(), 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence[0]).toMatchObject({ client: 'browser-1', pod: 'pod-a', t: 100 });
    expect(result.evidence[0]?.summary).toContain('never left Live');
  });

  it('fails when a page ends on anything but Live', () => {
    const history = killed().at(110).push(badge('browser-1', 'Reconnecting')).build();
    const result = judge(browserBadge, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 1 });
    expect(result.evidence[0]?.summary).toBe('browser-1 ends showing "Reconnecting", not Live');
  });
});
