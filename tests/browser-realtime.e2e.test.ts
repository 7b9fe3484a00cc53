import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../harness/history/events.js';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

describe('browser-realtime: the runbook manual test in two real Chromium pages, under a pod kill', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-browser-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('messages typed in one page appear in the other; the killed page goes Reconnecting and back to Live', async () => {
    const { code } = await drill(['run', 'browser-realtime', '--no-progress', '--seed', '4', '--out', out]);
    const runDir = join(out, readdirSync(out)[0]!);
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;
    expect(
      code,
      result.criteria
        .filter((c) => c.verdict !== 'pass')
        .map((c) => `${c.criterion}: ${c.evidence[0]?.summary}`)
        .join('\n'),
    ).toBe(0);
    const history = readFileSync(join(runDir, 'history.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as HistoryEvent);
    const typed = history.filter((e) => e.type === 'browser.typed');
    const rendered = history.filter((e) => e.type === 'browser.rendered');
    expect(typed.length).toBeGreaterThan(5);
    expect(rendered).toHaveLength(2);
    const badges = history.flatMap((e) =>
      e.type === 'browser.badge' && e.client === 'browser-1' ? [e.text] : [],
    );
    expect(badges).toContain('Reconnecting');
    expect(badges.at(-1)).toBe('Live');
  }, 180_000);
});
