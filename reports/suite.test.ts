import { describe, expect, it } from 'vitest';
import { renderSuite } from './suite.js';
import { fixtureResult, notApplicableResult } from './test-support/fixture.js';

describe('suite index', () => {
  const failing = fixtureResult();
  const passing = {
    ...fixtureResult(),
    verdict: 'pass' as const,
    criteria: fixtureResult().criteria.map((c) => ({ ...c, verdict: 'pass' as const })),
    scenario: { ...fixtureResult().scenario, name: 'another-scenario' },
    errors: [],
    runDir: '/runs/suite-x/../2026-run-b',
  };
  const files = renderSuite({
    profile: 'quick',
    startedAt: '2026-11-22T00:00:00.000Z',
    wallMs: 61_000,
    runs: [failing, passing],
    suiteDir: '/runs/2026-suite',
  });
  const file = (name: string) => files.find((f) => f.file === name)!.content;

  it('writes an HTML index, a markdown summary and one JUnit file', () => {
    expect(files.map((f) => f.file)).toEqual(['index.html', 'summary.md', 'junit.xml']);
  });

  it('leads with the overall verdict and lists every run with a link to its report', () => {
    const md = file('summary.md');
    expect(md.split('\n')[0], 'a harness error makes the suite unjudgeable, like exit code 2').toBe(
      '# Runbook Drill suite: UNKNOWN',
    );
    expect(md).toContain('Profile **quick**');
    expect(md).toContain('wall time 61.0 s: 1 of 2 runs passed, 1 unknown');
    expect(file('index.html')).toContain('href="../2026-run-b/report.html"');
    expect((file('junit.xml').match(/<testsuite /g) ?? []).length).toBe(2);
  });

  it('counts a demonstration that failed as designed as passing, and says so', () => {
    const demo = {
      ...failing,
      errors: [],
      criteria: failing.criteria.map((c) => ({
        ...c,
        verdict: c.verdict === 'unknown' ? ('pass' as const) : c.verdict,
      })),
      expectedFailure: {
        criteria: [],
        mayAlsoFail: [],
        reason: 'shows the LB rule',
        met: true,
        missing: [],
        unexpected: [],
      },
    };
    const [index, summary] = renderSuite({
      profile: 'quick',
      startedAt: 'now',
      wallMs: 1,
      runs: [demo, passing],
      suiteDir: '/runs/s',
    });
    expect(summary!.content.split('\n')[0]).toBe('# Runbook Drill suite: PASS');
    expect(index!.content).toContain('FAILED AS DESIGNED');
    expect(index!.content).toContain('as designed: shows the LB rule');
  });

  it('tallies criteria not applicable to their target apart: the run passes, and they are named', () => {
    const na = { ...notApplicableResult(), runDir: '/runs/s/na' };
    const out = renderSuite({
      profile: 'quick',
      startedAt: 'x',
      wallMs: 1000,
      runs: [na],
      suiteDir: '/runs/s',
    });
    const summary = out.find((f) => f.file === 'summary.md')!.content;
    expect(summary.split('\n')[0]).toBe('# Runbook Drill suite: PASS');
    expect(summary).toContain('1 of 1 runs passed, 1 criterion not applicable to the target.');
    expect(summary).toContain(
      '| [observe](na/report.md) | 424242 | PASS | 90.0 s | n/a: lost-acked-messages |',
    );
    expect(out.find((f) => f.file === 'index.html')!.content).toContain('n/a: lost-acked-messages');
    expect(out.find((f) => f.file === 'junit.xml')!.content).toContain('skipped="1"');
  });

  it('escapes scenario titles', () => {
    expect(failing.scenario.title).toContain('<script>');
    expect(file('index.html')).not.toContain('<script>');
  });
});

describe('suite index of repeated runs', () => {
  const withReconnect = (seed: number, value: number, verdict: 'pass' | 'fail') => {
    const base = fixtureResult();
    return {
      ...base,
      seed,
      errors: [],
      criteria: [
        { ...base.criteria[0]!, criterion: 'reconnect-time', unit: 'ms', value, verdict },
        { ...base.criteria[0]!, criterion: 'lost-acked', unit: '', value: 0, verdict: 'pass' as const },
      ],
    };
  };
  const render = (runs: ReturnType<typeof withReconnect>[]) =>
    renderSuite({ profile: 'quick', startedAt: 'x', wallMs: 1, runs, suiteDir: '/runs/s' });
  const md = (runs: ReturnType<typeof withReconnect>[]) =>
    render(runs).find((f) => f.file === 'summary.md')!.content;

  it('prints the spread of each criterion over the repeats', () => {
    const text = md([
      withReconnect(1, 200, 'pass'),
      withReconnect(2, 400, 'pass'),
      withReconnect(3, 300, 'pass'),
    ]);
    expect(text.split('\n')[0]).toBe('# Runbook Drill suite: PASS');
    expect(text).toContain('## Repeat stability: no verdict flipped');
    expect(text).toContain('| reconnect-time | 3 | 200 ms / 300 ms / 400 ms / 400 ms | 3 pass |  |');
  });

  it('shows a criterion not applicable in every repeat as n/a, not flaky', () => {
    const na = (seed: number) => ({ ...notApplicableResult(), seed, runDir: `/runs/s/${seed}` });
    const out = renderSuite({
      profile: 'quick',
      startedAt: 'x',
      wallMs: 1,
      runs: [na(1), na(2)],
      suiteDir: '/runs/s',
    });
    const text = out.find((f) => f.file === 'summary.md')!.content;
    expect(text).toContain('## Repeat stability: no verdict flipped');
    expect(text).toContain('| observe | lost-acked-messages | 2 | — | 2 n/a |  |');
  });

  it('marks a flipped verdict FLAKY and fails the suite', () => {
    const text = md([withReconnect(1, 4000, 'pass'), withReconnect(2, 6000, 'fail')]);
    expect(text.split('\n')[0]).toBe('# Runbook Drill suite: FAIL');
    expect(text).toContain('## Repeat stability: 1 FLAKY criteria');
    expect(text).toMatch(/\| reconnect-time \| 2 \|.*\| 1 pass, 1 fail \| \*\*FLAKY\*\* \|/);
    const html = render([withReconnect(1, 4000, 'pass'), withReconnect(2, 6000, 'fail')]).find(
      (f) => f.file === 'index.html',
    )!.content;
    expect(html).toContain('<span class="pill">FLAKY</span>');
  });
});
