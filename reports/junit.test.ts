import { describe, expect, it } from 'vitest';

import type { RunResult } from '../harness/runner/result.js';
import { JUNIT_XML, junitReporter, junitSuite, renderJunit } from './junit.js';
import {
  HOSTILE_EVIDENCE,
  HOSTILE_TITLE,
  NOT_APPLICABLE_REASON,
  fixtureResult,
  notApplicableResult,
} from './test-support/fixture.js';
import { findAll, parseXml, type XmlElement } from './test-support/xml.js';

function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

function passingRun(): RunResult {
  const base = fixtureResult();
  return {
    ...base,
    scenario: { ...base.scenario, name: 'redis-outage', title: 'Redis outage' },
    verdict: 'pass',
    criteria: base.criteria.filter((c) => c.verdict === 'pass'),
    errors: [],
    durationMs: 30_000,
  };
}

describe('junit reporter', () => {
  it('writes a well-formed junit.xml with one testsuite per run', () => {
    const files = junitReporter.render(fixtureResult());
    expect(files.map((f) => f.file)).toEqual([JUNIT_XML]);
    const root = parseXml(files[0]?.content ?? '');
    expect(root.name).toBe('testsuites');
    const suites = findAll(root, 'testsuite');
    expect(suites).toHaveLength(1);
    expect(suites[0]?.attrs).toMatchObject({
      name: 'pod-kill',
      tests: '7',
      failures: '2',
      errors: '2',
      time: '90.000',
    });
  });

  it('has one testcase per criterion (plus one for harness errors) with classname and time', () => {
    const result = fixtureResult();
    const cases = findAll(parseXml(renderJunit(result)), 'testcase');
    expect(cases.map((c) => c.attrs.name)).toEqual([...result.criteria.map((c) => c.title), 'harness']);
    for (const c of cases) {
      expect(c.attrs.classname).toBe('pod-kill');
      expect(Number(c.attrs.time)).toBeGreaterThanOrEqual(0);
    }
  });

  it('marks fail with <failure> (value vs threshold, evidence) and unknown with <error>', () => {
    const cases = findAll(parseXml(renderJunit(fixtureResult())), 'testcase');
    const byName = new Map(cases.map((c) => [c.attrs.name, c]));

    const reconnect = child(byName.get('Reconnect time p95') ?? missing(), 'failure');
    expect(reconnect?.attrs.message).toBe('value 6371 ms, threshold < 5000 ms');
    expect(reconnect?.attrs.type).toBe('reconnect-time');
    expect(reconnect?.text).toContain(
      '- reconnect took 7.8 s (disconnect → resumed) (t+20.3 s, client=vu-0042, pod=gw-2)',
    );
    expect(reconnect?.text).toContain('source: Scenario 2 success criteria: Reconnect time <5 seconds p95');

    const order = child(byName.get('Order violations') ?? missing(), 'failure');
    expect(order?.text).toContain(HOSTILE_EVIDENCE);

    const latency = byName.get('Delivery latency p99');
    expect(latency && child(latency, 'failure')).toBeUndefined();
    const error = latency && child(latency, 'error');
    expect(error?.attrs.message).toBe(
      'TypeError: Cannot read properties of undefined (reading "p99") in <bucket 12>',
    );
    expect(error?.text).toContain('value —, threshold < 1000 ms');

    const passed = byName.get('Lost acknowledged messages');
    expect(passed?.children).toEqual([]);

    const harness = child(byName.get('harness') ?? missing(), 'error');
    expect(harness?.text).toBe('log collector: could not read logs/gw-2.log: EACCES <permission denied>');
  });

  it('records seed, time scale, provider and git SHA as properties', () => {
    const suite = findAll(parseXml(renderJunit(fixtureResult())), 'testsuite')[0] ?? missing();
    const props = Object.fromEntries(findAll(suite, 'property').map((p) => [p.attrs.name, p.attrs.value]));
    expect(props).toMatchObject({
      seed: '424242',
      timeScale: '0.1',
      provider: 'local',
      gitSha: '6ca844f0c2d1e9a7b3f5d8e6a4c2b1d0e9f8a7b6',
      title: HOSTILE_TITLE,
      'version.socket.io': '4.8.1',
    });
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    const result = fixtureResult();
    const first = result.criteria[0] ?? missing();
    result.criteria[0] = { ...first, title: 'bell\u0007 & <tag> "q" \'a\' ]]>' };
    const xml = renderJunit(result);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toContain('<tag>');
    const cases = findAll(parseXml(xml), 'testcase');
    expect(cases[0]?.attrs.name).toBe('bell\uFFFD & <tag> "q" \'a\' ]]>');
  });

  it('turns an empty criteria list into an error, and a clean passing run has no harness case', () => {
    const empty = findAll(parseXml(renderJunit({ ...passingRun(), criteria: [] })), 'testcase');
    expect(empty.map((c) => c.attrs.name)).toEqual(['harness']);
    expect(child(empty[0] ?? missing(), 'error')?.attrs.message).toBe('no criteria were judged');

    const clean = findAll(parseXml(renderJunit(passingRun())), 'testcase');
    expect(clean.every((c) => c.children.length === 0)).toBe(true);
    expect(clean.map((c) => c.attrs.name)).not.toContain('harness');
  });

  it('junitSuite combines several runs under one root with summed totals', () => {
    const root = parseXml(junitSuite([fixtureResult(), passingRun()]));
    expect(findAll(root, 'testsuite').map((s) => s.attrs.name)).toEqual(['pod-kill', 'redis-outage']);
    expect(root.attrs).toMatchObject({ tests: '10', failures: '2', errors: '2', time: '120.000' });
    expect(findAll(root, 'testcase')).toHaveLength(10);
    expect(parseXml(junitSuite([])).children).toEqual([]);
  });

  it('skips a not-applicable criterion with "not applicable: <reason>", never a pass or a failure', () => {
    const root = parseXml(renderJunit(notApplicableResult()));
    const suite = child(root, 'testsuite') ?? missing();
    expect(suite.attrs).toMatchObject({ tests: '3', failures: '0', errors: '0', skipped: '1' });
    expect(root.attrs).toMatchObject({ tests: '3', failures: '0', errors: '0', skipped: '1' });
    const cases = findAll(root, 'testcase');
    const na = cases.find((t) => t.attrs.name === 'Lost acknowledged messages') ?? missing();
    expect(na.children.map((c) => c.name)).toEqual(['skipped']);
    expect(child(na, 'skipped')?.attrs.message).toBe(`not applicable: ${NOT_APPLICABLE_REASON}`);
    const passed = cases.filter((t) => t.children.length === 0);
    expect(passed.map((t) => t.attrs.name)).toEqual(['Collateral churn', 'Health-check success']);
  });
});

function missing(): never {
  throw new Error('expected element missing');
}
