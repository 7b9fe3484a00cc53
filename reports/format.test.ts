import { describe, expect, it } from 'vitest';

import { fixtureResult } from './test-support/fixture.js';
import { escapeHtml, escapeMarkdown, jsonForScript, plainTerminal } from './escape.js';
import {
  measurementErrorLine,
  formatNumber,
  formatThreshold,
  formatValue,
  harnessAndRunbook,
  summarize,
  timeScaleNote,
} from './format.js';
import { histogram, niceStep, percentile } from './histogram.js';

describe('formatting', () => {
  it('formats numbers without hiding the difference from a threshold', () => {
    expect(formatNumber(99.95)).toBe('99.95');
    expect(formatNumber(99.9)).toBe('99.9');
    expect(formatNumber(0.4)).toBe('0.4');
    expect(formatNumber(6371)).toBe('6371');
    expect(formatNumber(1234.5678)).toBe('1234.6');
    expect(formatNumber(2 / 3)).toBe('0.66667');
  });

  it('formats values, thresholds and the two clocks', () => {
    expect(formatValue({ value: 0.4, unit: '%' })).toBe('0.4%');
    expect(formatValue({ value: null, unit: 'ms' })).toBe('—');
    expect(formatValue({ value: 3, unit: '' })).toBe('3');
    expect(formatThreshold({ comparison: '<', threshold: 5000, unit: 'ms' })).toBe('< 5000 ms');
    expect(harnessAndRunbook(12_000, 0.1)).toBe('12.0 s harness (120.0 s runbook)');
    expect(harnessAndRunbook(12_000, 1)).toBe('12.0 s');
    expect(timeScaleNote(1)).toContain('real time');
  });

  it('summarises the verdicts', () => {
    const c = (verdict: 'pass' | 'fail' | 'unknown') => ({ verdict }) as never;
    expect(summarize({ verdict: 'pass', criteria: [c('pass'), c('pass')], errors: [] })).toBe(
      'PASS: all 2 criteria passed',
    );
    expect(summarize({ verdict: 'unknown', criteria: [c('pass'), c('unknown')], errors: [] })).toBe(
      'UNKNOWN: 1 of 2 unknown, 1 passed',
    );
  });
});

describe('escaping', () => {
  it('escapes HTML, Markdown and terminal text', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(escapeMarkdown('a|b *c* <d>\nnext')).toBe('a\\|b \\*c\\* &lt;d&gt; next');
    expect(plainTerminal('a\u001b[31mb\nc')).toBe('a\uFFFD[31mb c');
  });

  it('embeds JSON in a script element without any way to close it', () => {
    const value = { title: '</script><script>alert(1)</script><!--', sep: '\u2028' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('histogram', () => {
  it('uses round bin widths starting at zero', () => {
    expect(niceStep(473)).toBe(500);
    expect(niceStep(0.3)).toBe(0.5);
    const h = histogram([120, 480, 950, 4900, 9000], 20);
    expect(h.start).toBe(0);
    expect(h.binWidth).toBe(500);
    expect(h.counts).toHaveLength(19);
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(5);
    expect(h.counts[0]).toBe(2);
    expect(h.counts.at(-1)).toBe(1);
    expect(histogram([]).counts).toEqual([]);
    expect(histogram([7, 7, 7]).counts.reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(samples, 50)).toBe(50);
    expect(percentile(samples, 95)).toBe(95);
    expect(percentile(samples, 100)).toBe(100);
    expect(percentile([], 95)).toBeNull();
  });
});

describe('measurement error line', () => {
  it('states the bounds of reconnect and delivery measurements, and the clocks behind them', () => {
    expect(measurementErrorLine(fixtureResult())).toBe(
      "Measurement error: reconnect and detection times ± 12.5 ms, delivery latency ± 13.4 ms (harness event loop late by p99 3.1 ms, max 12.5 ms; database clock 0.4 ms off the harness's, ± 0.5 ms)",
    );
  });

  it('is absent for runs recorded without a clock check, and says when delivery was not measured', () => {
    expect(measurementErrorLine({ measurementError: null })).toBeNull();
    const m = { ...fixtureResult().measurementError!, deliveryMs: null, databaseOffsetMs: null };
    expect(measurementErrorLine({ measurementError: m })).toContain('delivery latency not measured');
  });
});
