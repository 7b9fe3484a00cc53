import { describe, expect, it } from 'vitest';

import { renderVerdictTable } from './terminal.js';
import { NOT_APPLICABLE_REASON, fixtureResult, notApplicableResult } from './test-support/fixture.js';

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

describe('terminal verdict table', () => {
  it('is plain text without colour when color is false', () => {
    const text = renderVerdictTable(fixtureResult(), { color: false });
    expect(text).not.toMatch(ANSI);
    expect(text.split('\n')).toEqual([
      'Criterion                   Value       Threshold      Verdict',
      '--------------------------  ----------  -------------  -------',
      'Lost acknowledged messages  0 messages  == 0 messages  PASS',
      'Reconnect time p95          6371 ms     < 5000 ms      FAIL',
      'Order violations            1           == 0           FAIL',
      'Collateral churn            0.4%        < 1%           PASS',
      'Delivery latency p99        —           < 1000 ms      UNKNOWN',
      'Health-check success        99.95%      > 99.9%        PASS',
      '',
      'FAIL: 2 of 6 criteria failed, 1 unknown, 3 passed; 1 harness error (pod-kill)',
      "Measurement error: reconnect and detection times ± 12.5 ms, delivery latency ± 13.4 ms (harness event loop late by p99 3.1 ms, max 12.5 ms; database clock 0.4 ms off the harness's, ± 0.5 ms)",
      '',
    ]);
  });

  it('aligns every column, whatever the title lengths', () => {
    const lines = renderVerdictTable(fixtureResult(), { color: false }).split('\n').slice(0, 8);
    const columnStarts = (line: string): number[] =>
      [...line.matchAll(/ {2}(?=\S)/g)].map((m) => (m.index ?? 0) + 2).slice(0, 3);
    const header = columnStarts(lines[0] ?? '');
    for (const line of lines.slice(2)) expect(columnStarts(line)).toEqual(header);
  });

  it('colours verdicts only when asked, with the same text underneath', () => {
    const plain = renderVerdictTable(fixtureResult(), { color: false });
    const coloured = renderVerdictTable(fixtureResult(), { color: true });
    expect(coloured).toContain('\u001b[31mFAIL\u001b[0m');
    expect(coloured).toContain('\u001b[32mPASS\u001b[0m');
    expect(coloured).toContain('\u001b[33mUNKNOWN\u001b[0m');
    expect(coloured.replace(ANSI, '')).toBe(plain);
    expect(renderVerdictTable(fixtureResult())).toBe(plain);
  });

  it('neutralises control characters in titles and clips very long ones', () => {
    const result = fixtureResult();
    const first = result.criteria[0];
    if (first) result.criteria[0] = { ...first, title: `evil\u001b[2J title ${'x'.repeat(100)}` };
    const text = renderVerdictTable(result, { color: false });
    expect(text).not.toContain('\u001b');
    const row = text.split('\n')[2] ?? '';
    expect(row.startsWith('evil\uFFFD[2J title xxx')).toBe(true);
    expect(row).toContain('…');
  });

  it('says so when no criteria were judged', () => {
    const text = renderVerdictTable(
      { ...fixtureResult(), criteria: [], verdict: 'unknown' },
      { color: false },
    );
    expect(text).toContain('(no criteria were judged)');
    expect(text).toContain('UNKNOWN: no criteria were judged; 1 harness error (pod-kill)');
  });

  it('shows a not-applicable criterion as N/A in the table, with its reason under it', () => {
    const lines = renderVerdictTable(notApplicableResult(), { color: false }).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      'Criterion                   Value   Threshold      Verdict',
      '--------------------------  ------  -------------  -------',
      'Lost acknowledged messages  —       == 0 messages  N/A',
      'Collateral churn            0.4%    < 1%           PASS',
      'Health-check success        99.95%  > 99.9%        PASS',
    ]);
    expect(lines).toContain(`Lost acknowledged messages: N/A, ${NOT_APPLICABLE_REASON}`);
    expect(lines).toContain('PASS: 2 of 3 criteria passed, 1 not applicable to the target (observe)');
    const coloured = renderVerdictTable(notApplicableResult(), { color: true });
    expect(coloured).toContain('\u001b[2mN/A\u001b[0m');
  });
});
