import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { buildResult } from './build-result.js';
import { exitCodeFor } from './result.js';
import { renderHtml, renderMarkdown } from '../../reports/index.js';

const inputs = (history: ReturnType<HistoryBuilder['build']>) => ({
  scenario: { name: 's', title: 'S', runbook: { file: 'r.md', section: 'x', quote: '' } },
  history,
  criteria: [
    {
      criterion: 'lost-acked',
      title: 'Lost',
      value: 0,
      unit: 'messages',
      comparison: '<=' as const,
      threshold: 0,
      verdict: 'pass' as const,
      evidence: [],
      details: {},
    },
  ],
  errors: [],
  runDir: '/tmp/x',
  startedAt: new Date(0),
  seed: 1,
  timeScale: 0.1,
  provider: 'local',
  clients: 2,
  pods: [],
  versions: {},
  gitSha: null,
});

describe('buildResult', () => {
  it('a skipped fault makes the run unable to pass (a harness error naming it); one that waited is reported', () => {
    const b = new HistoryBuilder().at(5000);
    b.push({
      type: 'fault.skipped',
      id: 'pod-kill-2',
      fault: 'pod-kill',
      waitedMs: 6000,
      reason: 'pod-a is not running',
    });
    const result = buildResult(inputs(b.build()));
    expect(result.errors).toEqual([
      'planned fault pod-kill-2 was skipped after waiting 6000 ms: pod-a is not running; the verdicts do not cover it',
    ]);
    expect(result.verdict).toBe('unknown');
    expect(exitCodeFor(result)).toBe(2);
    // A fault that only waited was carried out: nothing to report.
    const waited = new HistoryBuilder().at(5000);
    waited.push({
      type: 'fault.waited',
      id: 'pod-kill-2',
      fault: 'pod-kill',
      waitedMs: 1500,
      reason: 'restarting',
    });
    waited.faultStart('pod-kill-2', ['pod-a']).at(8000).faultEnd('pod-kill-2');
    const late = buildResult(inputs(waited.build()));
    expect(late.errors).toEqual([]);
    expect(late.faultsDelayed).toEqual([
      { id: 'pod-kill-2', fault: 'pod-kill', waitedMs: 1500, reason: 'restarting' },
    ]);
    expect(renderMarkdown(late)).toContain(
      '- pod-kill-2 started 1.5 s late, waiting for its planned target: restarting',
    );
    expect(renderHtml(late)).toContain(
      '<li>pod-kill-2 started 1.5 s late, waiting for its planned target: restarting</li>',
    );
  });
});
