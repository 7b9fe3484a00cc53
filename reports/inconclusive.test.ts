import { describe, expect, it } from 'vitest';
import type { CriterionResult } from '../harness/checkers/types.js';
import { harnessHealth } from '../harness/history/derive/harness-health.js';
import { HistoryBuilder } from '../harness/history/test-support/history-builder.js';
import { exitCodeFor, type RunResult } from '../harness/runner/result.js';
import { renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderSuite } from './suite.js';
import { renderVerdictTable } from './terminal.js';
import { fixtureResult } from './test-support/fixture.js';
import { findAll, parseXml } from './test-support/xml.js';

const REASON =
  'the harness was late by up to 409 ms while this was measured; the value (1357 ± 409 ms) could be on either side of the threshold (< 1000 ms)';

const undecided: CriterionResult = {
  criterion: 'update-latency',
  title: 'Update latency p99 (send → other members)',
  value: 1357,
  unit: 'ms',
  comparison: '<',
  threshold: 1000,
  verdict: 'inconclusive',
  evidence: [],
  details: {},
  uncertainty: { margin: 409, reason: REASON },
};

/** The quick suite's false alarm as it must now read: nothing failed, one timing verdict undecided. */
function inconclusiveRun(): RunResult {
  const base = fixtureResult();
  const passed = base.criteria.filter((c) => c.verdict === 'pass');
  return { ...base, verdict: 'inconclusive', criteria: [...passed, undecided], errors: [] };
}

describe('an inconclusive verdict in every reporter', () => {
  it('exits 3: nothing failed, but a timing verdict could not be decided', () => {
    expect(exitCodeFor(inconclusiveRun())).toBe(3);
  });

  it('terminal: the value with its error bar, INCONCLUSIVE, and why', () => {
    const text = renderVerdictTable(inconclusiveRun());
    expect(text).toMatch(
      /Update latency p99 \(send → other members\)\s+1357 ms ± 409\s+< 1000 ms\s+INCONCLUSIVE/,
    );
    expect(text).toContain(`INCONCLUSIVE, ${REASON}`);
    expect(text).toContain('INCONCLUSIVE: 1 of 4 inconclusive, 3 passed');
  });

  it('markdown: the row, the reason under the table, and in the evidence', () => {
    const md = renderMarkdown(inconclusiveRun());
    expect(md).toMatch(/^# INCONCLUSIVE — /);
    expect(md).toContain('| 1357 ms ± 409 | &lt; 1000 ms | **INCONCLUSIVE** |');
    expect(md).toMatch(
      /- \*\*Update latency p99 \(send → other members\)\*\*: the harness was late by up to 409 ms/,
    );
    expect(md).toContain('Not a pass, and not a failure.');
  });

  it('html: an inconclusive banner, badge and reason', () => {
    const html = renderHtml(inconclusiveRun());
    expect(html).toContain('<header class="banner inconclusive">');
    expect(html).toContain('<span class="badge inconclusive">INCONCLUSIVE</span>');
    expect(html).toContain(
      '<div class="inconclusive-reason">Inconclusive: the harness was late by up to 409 ms',
    );
  });

  it('junit: an error (CI may retry), never a failure', () => {
    const root = parseXml(renderJunit(inconclusiveRun()));
    const suite = findAll(root, 'testsuite')[0]!;
    expect(suite.attrs).toMatchObject({ failures: '0', errors: '1' });
    const testcase = findAll(root, 'testcase').find((c) => c.attrs.name === undecided.title)!;
    const error = testcase.children.find((c) => c.name === 'error');
    expect(error?.attrs.message).toBe(`inconclusive: ${REASON}`);
    expect(testcase.children.some((c) => c.name === 'failure')).toBe(false);
  });

  it('suite: an inconclusive run is counted apart from passes and failures', () => {
    const passing = inconclusiveRun().criteria.map((c) =>
      c.verdict === 'inconclusive' ? { ...c, value: 500, verdict: 'pass' as const } : c,
    );
    const runs = [inconclusiveRun(), { ...inconclusiveRun(), verdict: 'pass' as const, criteria: passing }];
    const files = renderSuite({ profile: 'quick', startedAt: 'x', wallMs: 1000, runs, suiteDir: '/s' });
    const md = files.find((f) => f.file === 'summary.md')!.content;
    expect(md).toContain('# Runbook Drill suite: INCONCLUSIVE');
    expect(md).toContain('1 of 2 runs passed, 1 inconclusive');
  });

  it('names the overload at the top of every human report when the harness was too busy in a fault window', () => {
    const b = new HistoryBuilder().phase('steady-state').at(1000).faultStart('latency-1', []);
    b.at(2000).harnessLoad(408, { ownCpu: 0.95, machineBusy: 0.99, loadAvg1: 6.2 });
    b.at(3000).faultEnd('latency-1').phase('judge');
    const run = { ...inconclusiveRun(), harnessHealth: harnessHealth(b.build()) };
    const first =
      'Harness overloaded during latency-1 (t+1.0 s–t+3.0 s): harness event loop late by up to 408 ms';
    expect(renderVerdictTable(run).split('\n')[0]).toContain(first);
    const md = renderMarkdown(run).split('\n');
    expect(md.slice(0, 6).join('\n')).toContain(`> **Warning:** ${first}`);
    expect(md.slice(0, 6).join('\n')).toMatch(/machine CPU 99 % busy/);
    expect(renderHtml(run)).toMatch(
      /<p class="summary">[^<]*<\/p><p class="overload">⚠ Harness overloaded during latency-1/,
    );
    // A quiet run says nothing of the kind.
    const quiet = new HistoryBuilder().phase('steady-state').at(2000);
    quiet.harnessLoad(4, { ownCpu: 0.2, machineBusy: 0.4, loadAvg1: 0.5 });
    const calm = { ...inconclusiveRun(), harnessHealth: harnessHealth(quiet.phase('judge').build()) };
    expect(renderVerdictTable(calm)).not.toContain('overloaded');
    expect(renderMarkdown(calm)).not.toContain('overloaded');
    // Overloaded only outside the fault windows: in the run facts, not at the top.
    const before = new HistoryBuilder().phase('steady-state').at(800).harnessLoad(400);
    before
      .at(1000)
      .faultStart('latency-1', [])
      .at(2500)
      .harnessLoad(5, { ownCpu: 0.2, machineBusy: 0.4, loadAvg1: 0.5 });
    const elsewhere = harnessHealth(before.at(3000).faultEnd('latency-1').phase('judge').build());
    expect(elsewhere.overloaded).toBe(true);
    const facts = renderMarkdown({ ...inconclusiveRun(), harnessHealth: elsewhere });
    expect(facts).not.toContain('Harness overloaded');
    expect(facts).toContain('**Harness load:** event loop late by up to 400 ms');
  });
});
