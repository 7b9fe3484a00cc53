// Opens report.html from file:// in headless Chromium and checks what a person would see.
import { copyFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { REPORT_HTML, htmlReporter, renderHtml } from './html.js';
import { renderJunit } from './junit.js';
import { launchChromium } from './test-support/browser.js';
import { fixtureWithFaultLatency } from './test-support/fault-latency-fixture.js';
import {
  HOSTILE_EVIDENCE,
  HOSTILE_TITLE,
  NOT_APPLICABLE_REASON,
  fixtureResult,
  notApplicableResult,
} from './test-support/fixture.js';
import { pngSize } from './test-support/png.js';

const CHART_IDS = ['chart-connections', 'chart-reconnect', 'chart-latency'] as const;

/** What the page exposes to the checks below (Chart.js's UMD global, our ready flag, the bait). */
interface ChartLike {
  config: { type: string; options: { plugins?: { faultWindows?: { bands?: unknown[] } } } };
  data: { datasets: unknown[] };
  chartArea: { top: number; bottom: number; left: number; right: number };
  scales: Record<string, { getPixelForValue(v: number): number } | undefined>;
}
interface ReportWindow {
  Chart?: { getChart(canvas: HTMLCanvasElement): ChartLike | undefined };
  drillChartsReady?: boolean;
  __pwned?: unknown;
  __pwned2?: unknown;
}

describe('report.html', () => {
  let dir = '';
  let browser: Browser | undefined;
  let page: Page;
  let fileUrl = '';
  const consoleProblems: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'drill-html-'));
    const [file] = htmlReporter.render(fixtureResult());
    if (file === undefined) throw new Error('html reporter rendered nothing');
    const target = path.join(dir, file.file);
    await writeFile(target, file.content, 'utf8');
    fileUrl = pathToFileURL(target).href;

    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleProblems.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('requestfailed', (r) => failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForFunction(() => (window as ReportWindow).drillChartsReady === true, null, {
      timeout: 10_000,
    });
  });

  afterAll(async () => {
    await browser?.close();
    if (dir !== '') await rm(dir, { recursive: true, force: true });
  });

  it('is one self-contained file that names no external resource', () => {
    const html = renderHtml(fixtureResult());
    expect(htmlReporter.render(fixtureResult()).map((f) => f.file)).toEqual([REPORT_HTML]);
    // Booleans, not toMatch: a failure message would otherwise print the whole 230 kB page.
    expect(/<(script|link|img|iframe|object|embed)\b[^>]*\s(src|href|data)=/i.test(html)).toBe(false);
    const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
    expect(css.length).toBeGreaterThan(1000);
    expect(/@import|url\(/i.test(css)).toBe(false);
    expect(html.includes('Chart.js v4.5.1')).toBe(true);
    expect(html.includes('http-equiv="Content-Security-Policy"')).toBe(true);
  });

  it('loads from file:// without console errors, page errors or any other request', () => {
    expect(consoleProblems).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requests).toEqual([fileUrl]);
  });

  it('shows the scenario title as text and never runs markup from the result', async () => {
    const seen = await page.evaluate(() => ({
      h1: document.querySelector('h1')?.textContent ?? '',
      pwned: (window as ReportWindow).__pwned,
      pwned2: (window as ReportWindow).__pwned2,
      scripts: document.scripts.length,
      images: document.images.length,
      evidence: Array.from(document.querySelectorAll('#evidence td')).map((td) => td.textContent ?? ''),
      title: document.title,
    }));
    expect(seen.h1).toBe(HOSTILE_TITLE);
    expect(seen.title).toBe(`FAIL — ${HOSTILE_TITLE} — Runbook Drill`);
    expect(seen.pwned).toBeUndefined();
    expect(seen.pwned2).toBeUndefined();
    expect(seen.scripts).toBe(3); // chart data, Chart.js, the page's chart code
    expect(seen.images).toBe(0);
    expect(seen.evidence).toContain(HOSTILE_EVIDENCE);
  });

  it('puts the colour-coded verdict table first', async () => {
    const table = await page.evaluate(() => {
      const sections = Array.from(document.querySelectorAll('main > section')).map((s) => s.id);
      const rows = Array.from(document.querySelectorAll('#verdicts tbody tr')).map((tr) => ({
        cls: tr.className,
        badge: tr.querySelector('.badge')?.textContent ?? '',
        color: getComputedStyle(tr.querySelector('.badge') ?? tr).color,
      }));
      return { sections, rows };
    });
    expect(table.sections).toEqual(['verdicts', 'run', 'faults', 'charts', 'evidence', 'counters', 'errors']);
    expect(table.rows.map((r) => r.badge)).toEqual(['PASS', 'FAIL', 'FAIL', 'PASS', 'UNKNOWN', 'PASS']);
    expect(table.rows.map((r) => r.cls)).toEqual([
      'row-pass',
      'row-fail',
      'row-fail',
      'row-pass',
      'row-unknown',
      'row-pass',
    ]);
    const colorOf = (badge: string): string => table.rows.find((r) => r.badge === badge)?.color ?? '';
    expect(new Set([colorOf('PASS'), colorOf('FAIL'), colorOf('UNKNOWN')]).size).toBe(3);
  });

  it('draws every chart: Chart.js instances exist and their canvases hold coloured pixels', async () => {
    const charts = await page.evaluate((ids) => {
      const w = window as ReportWindow;
      return ids.map((id) => {
        const canvas = document.getElementById(id);
        if (!(canvas instanceof HTMLCanvasElement))
          return { id, found: false, type: '', datasets: 0, painted: 0, coloured: 0 };
        const chart = w.Chart?.getChart(canvas);
        const ctx = canvas.getContext('2d');
        const pixels = ctx?.getImageData(0, 0, canvas.width, canvas.height).data ?? new Uint8ClampedArray();
        let painted = 0;
        let coloured = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r = 0, g = 0, b = 0, a = 0] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
          if (a === 0) continue;
          painted += 1;
          if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured += 1;
        }
        return {
          id,
          found: true,
          type: chart?.config.type ?? '',
          datasets: chart?.data.datasets.length ?? 0,
          painted,
          coloured,
        };
      });
    }, CHART_IDS);
    expect(charts.map((c) => [c.id, c.found, c.type, c.datasets])).toEqual([
      ['chart-connections', true, 'line', 3],
      ['chart-reconnect', true, 'bar', 1],
      ['chart-latency', true, 'line', 2],
    ]);
    for (const c of charts) {
      expect(c.painted, `${c.id} painted pixels`).toBeGreaterThan(10_000);
      expect(c.coloured, `${c.id} data pixels`).toBeGreaterThan(500);
    }
  });

  it('shades both fault windows on the timeline charts', async () => {
    const shading = await page.evaluate(() => {
      const w = window as ReportWindow;
      return ['chart-connections', 'chart-latency'].map((id) => {
        const canvas = document.getElementById(id) as HTMLCanvasElement;
        const chart = w.Chart?.getChart(canvas);
        const x = chart?.scales.x;
        if (!chart || !x) return { id, bands: 0, inside: [0, 0, 0, 0], outside: [0, 0, 0, 0] };
        const ctx = canvas.getContext('2d');
        const ratio = canvas.width / canvas.getBoundingClientRect().width;
        // A point inside the pod-kill window (20–35 s) and one outside any window, mid-height.
        const y = Math.round(((chart.chartArea.top + chart.chartArea.bottom) / 2) * ratio);
        const read = (s: number): number[] => [
          ...(ctx?.getImageData(Math.round(x.getPixelForValue(s) * ratio), y, 1, 1).data ?? []),
        ];
        return {
          id,
          bands: chart.config.options.plugins?.faultWindows?.bands?.length ?? 0,
          inside: read(31),
          outside: read(47),
        };
      });
    });
    for (const s of shading) {
      expect(s.bands, s.id).toBe(2);
      const [r = 0, g = 0, b = 0, a = 0] = s.inside;
      expect(a, `${s.id} band alpha`).toBeGreaterThan(0);
      expect(r, `${s.id} band is red`).toBeGreaterThan(Math.max(g, b));
      expect(s.outside[3] ?? 0, `${s.id} outside the band`).toBe(0);
    }
  });

  it('renders junit.xml that a browser parses as XML', async () => {
    const parsed = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, 'application/xml');
      return {
        errors: doc.getElementsByTagName('parsererror').length,
        testcases: doc.getElementsByTagName('testcase').length,
        failures: doc.getElementsByTagName('failure').length,
        errorElements: doc.getElementsByTagName('error').length,
      };
    }, renderJunit(fixtureResult()));
    expect(parsed).toEqual({ errors: 0, testcases: 7, failures: 2, errorElements: 2 });
  });

  it('copes with a run that has no samples, no criteria and a fault that never healed', async () => {
    const base = fixtureResult();
    const bare = {
      ...base,
      verdict: 'unknown' as const,
      criteria: [],
      faults: [{ id: 'f1', fault: 'zone-loss', targets: ['zone b'], startT: 5000, endT: null }],
      charts: {
        connections: { t: [], pods: {} },
        reconnectMs: [],
        deliveryLatency: { t: [], p50: [], p99: [] },
      },
      counters: {},
      errors: [],
    };
    const target = path.join(dir, 'bare.html');
    await writeFile(target, renderHtml(bare), 'utf8');
    const barePage = await (browser ?? missing()).newPage();
    const problems: string[] = [];
    barePage.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    barePage.on('pageerror', (e) => problems.push(e.message));
    try {
      await barePage.goto(pathToFileURL(target).href);
      await barePage.waitForFunction(() => (window as ReportWindow).drillChartsReady === true);
      const seen = await barePage.evaluate(() => ({
        canvases: document.querySelectorAll('canvas').length,
        empty: document.querySelectorAll('#charts .empty').length,
        verdicts: document.querySelector('#verdicts')?.textContent ?? '',
        faults: document.querySelector('#faults tbody')?.textContent ?? '',
      }));
      expect(problems).toEqual([]);
      expect(seen.canvases).toBe(0);
      expect(seen.empty).toBe(3);
      expect(seen.verdicts).toContain('No criteria were judged');
      expect(seen.faults).toContain('not healed');
    } finally {
      await barePage.close();
    }
  });

  it('shows a not-applicable criterion with its own badge and the reason naming the missing capability', async () => {
    const target = path.join(dir, 'not-applicable.html');
    await writeFile(target, renderHtml(notApplicableResult()), 'utf8');
    const naPage = await (browser ?? missing()).newPage();
    const problems: string[] = [];
    naPage.on('pageerror', (e) => problems.push(e.message));
    try {
      await naPage.goto(pathToFileURL(target).href);
      const seen = await naPage.evaluate(() => {
        const rows = Array.from(document.querySelectorAll('#verdicts tbody tr'));
        const badge = (tr: Element) => tr.querySelector('.badge');
        return {
          banner: document.querySelector('.big-verdict')?.textContent ?? '',
          summary: document.querySelector('.summary')?.textContent ?? '',
          rows: rows.map((tr) => ({
            cls: tr.className,
            badge: badge(tr)?.textContent ?? '',
            color: getComputedStyle(badge(tr) ?? tr).color,
            reason: tr.querySelector('.na-reason')?.textContent ?? null,
          })),
          evidence: document.querySelector('#evidence')?.textContent ?? '',
        };
      });
      expect(problems).toEqual([]);
      expect(seen.banner).toBe('PASS');
      expect(seen.summary).toBe('PASS: 2 of 3 criteria passed, 1 not applicable to the target');
      expect(seen.rows.map((r) => [r.cls, r.badge, r.reason])).toEqual([
        ['row-not-applicable', 'N/A', NOT_APPLICABLE_REASON],
        ['row-pass', 'PASS', null],
        ['row-pass', 'PASS', null],
      ]);
      expect(seen.rows[0]!.color).not.toBe(seen.rows[1]!.color);
      expect(seen.evidence).not.toContain('Lost acknowledged messages');
    } finally {
      await naPage.close();
    }
  });

  it('plots latency against the injected delay only for runs with latency faults', async () => {
    expect(await page.evaluate(() => document.getElementById('chart-fault-latency'))).toBeNull();
    const target = path.join(dir, 'fault-latency.html');
    await writeFile(target, renderHtml(fixtureWithFaultLatency()), 'utf8');
    const latencyPage = await (browser ?? missing()).newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    latencyPage.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
    });
    latencyPage.on('pageerror', (e) => problems.push(e.message));
    try {
      await latencyPage.goto(pathToFileURL(target).href);
      await latencyPage.waitForFunction(() => (window as ReportWindow).drillChartsReady === true);
      const seen = await latencyPage.evaluate(() => {
        const w = window as ReportWindow;
        const canvas = document.getElementById('chart-fault-latency') as HTMLCanvasElement | null;
        const chart = canvas ? w.Chart?.getChart(canvas) : undefined;
        const ctx = canvas?.getContext('2d');
        const pixels = ctx?.getImageData(0, 0, canvas?.width ?? 0, canvas?.height ?? 0).data ?? [];
        let coloured = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const [r = 0, g = 0, b = 0, a = 0] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
          if (a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 80) coloured += 1;
        }
        return {
          type: chart?.config.type ?? '',
          datasets: chart?.data.datasets.length ?? 0,
          coloured,
          rows: Array.from(document.querySelectorAll('table.fault-latency tbody tr')).map((tr) =>
            Array.from(tr.querySelectorAll('td')).map((td) => td.textContent ?? ''),
          ),
        };
      });
      expect(problems).toEqual([]);
      expect([seen.type, seen.datasets]).toEqual(['bar', 5]);
      expect(seen.coloured, 'bar pixels').toBeGreaterThan(500);
      expect(seen.rows.map((r) => r.slice(0, 4))).toEqual([
        ['baseline (no fault)', '—', 'none', '18 ms'],
        ['f2 (t+55.0–68.0 s)', '*->redis (2 links)', '200 ± 50 ms', '431 ms'],
        ['f3 (t+70.0–not healed)', 'client->gw-1', '100 ms', '—'],
      ]);
    } finally {
      await latencyPage.close();
    }
  });

  it('takes a full-page screenshot that is a real PNG of plausible size', async () => {
    const shot = path.join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    const bytes = await readFile(shot);
    const size = pngSize(bytes);
    expect(size.width).toBe(1280);
    expect(size.height).toBeGreaterThan(2500);
    expect(size.height).toBeLessThan(8000);
    expect((await stat(shot)).size).toBeGreaterThan(100_000);
    // DRILL_REPORT_SCREENSHOT=/tmp/drill-report-screenshot.png keeps a copy to look at.
    const keep = process.env.DRILL_REPORT_SCREENSHOT;
    if (keep) await copyFile(shot, keep);
  });
});

function missing(): never {
  throw new Error('browser not started');
}
