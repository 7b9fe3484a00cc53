import { describe, expect, it } from 'vitest';

import { REPORT_MD, markdownReporter, renderMarkdown } from './markdown.js';
import { fixtureWithFaultLatency } from './test-support/fault-latency-fixture.js';
import { fixtureResult, notApplicableResult } from './test-support/fixture.js';

describe('markdown reporter', () => {
  const md = renderMarkdown(fixtureResult());
  const lines = md.split('\n');

  it('writes report.md titled with the verdict and the escaped scenario title', () => {
    expect(markdownReporter.render(fixtureResult()).map((f) => f.file)).toEqual([REPORT_MD]);
    expect(lines[0]).toBe(
      '# FAIL — Pod kill &lt;script&gt;window.\\_\\_pwned = true&lt;/script&gt; &amp; "quotes"',
    );
    expect(md).not.toContain('<script>');
    expect(md).not.toContain('<img');
  });

  it('starts with the verdict table: one row per criterion', () => {
    const header = lines.indexOf('| Criterion | Value | Threshold | Verdict | Source |');
    expect(header).toBeGreaterThan(0);
    expect(header).toBeLessThan(lines.indexOf('## Run'));
    expect(lines.slice(header + 2, header + 8)).toEqual([
      '| Lost acknowledged messages | 0 messages | == 0 messages | **PASS** | Scenario 2 success criteria: Zero message loss |',
      '| Reconnect time p95 | 6371 ms | &lt; 5000 ms | **FAIL** | Scenario 2 success criteria: Reconnect time &lt;5 seconds p95 |',
      '| Order violations | 1 | == 0 | **FAIL** | Data integrity: per-room order |',
      '| Collateral churn | 0.4% | &lt; 1% | **PASS** | Scenario 2 success criteria: No impact on other pods |',
      '| Delivery latency p99 | — | &lt; 1000 ms | **UNKNOWN** | Performance targets: p99 &lt; 1 s |',
      '| Health-check success | 99.95% | &gt; 99.9% | **PASS** | — |',
    ]);
    expect(lines[header + 8]).toBe('');
  });

  it('lists the run facts with runbook and harness seconds', () => {
    expect(md).toContain('- **Seed:** 424242');
    expect(md).toContain(
      '- **Time scale:** 0.1 (runbook timers multiplied by 0.1: 1 harness second = 10 runbook seconds)',
    );
    expect(md).toContain('- **Duration:** 90.0 s harness (900.0 s runbook)');
    expect(md).toContain('- **Pods / zones:** gw-1 (zone a), gw-2 (zone b), gw-3 (zone c)');
    expect(md).toContain('| pod-kill (f1) | gw-2 | t+20.0 s | t+35.0 s | 15.0 s harness (150.0 s runbook) |');
  });

  it('shows the evidence of every failed or unknown criterion, failures first', () => {
    const fail1 = md.indexOf('### FAIL: Reconnect time p95');
    const fail2 = md.indexOf('### FAIL: Order violations');
    const unknown = md.indexOf('### UNKNOWN: Delivery latency p99');
    expect(fail1).toBeGreaterThan(md.indexOf('## Evidence'));
    expect(fail2).toBeGreaterThan(fail1);
    expect(unknown).toBeGreaterThan(fail2);
    expect(md).not.toContain('### PASS');
    expect(md).toContain(
      '- reconnect took 7.8 s (disconnect → resumed) — t+20.3 s, client vu-0042, pod gw-2',
    );
    expect(md).toContain('seq 41 after 43 &lt;img src="x" onerror="window.\\_\\_pwned2 = true"&gt;');
    expect(md).toContain(
      'Checker error: `TypeError: Cannot read properties of undefined (reading "p99") in <bucket 12>`',
    );
  });

  it('lists counters and harness errors', () => {
    expect(md).toContain('| messagesAcked | 18432 |');
    expect(md).toContain('- log collector: could not read logs/gw-2.log: EACCES &lt;permission denied&gt;');
  });

  it('keeps a title with pipes and newlines inside its table cell', () => {
    const result = fixtureResult();
    const first = result.criteria[0];
    if (first) result.criteria[0] = { ...first, title: 'a | b\nc' };
    expect(renderMarkdown(result)).toContain('| a \\| b c | 0 messages |');
  });

  it('tables latency against the injected delay only when a fault injected latency', () => {
    expect(md).not.toContain('## Latency against the injected delay');
    const withLatency = renderMarkdown(fixtureWithFaultLatency()).split('\n');
    const title = withLatency.indexOf('## Latency against the injected delay');
    expect(title).toBeGreaterThan(withLatency.indexOf('## Fault windows'));
    expect(title).toBeLessThan(withLatency.indexOf('## Evidence'));
    const header = withLatency.indexOf(
      '| Window | Links | Injected (each way) | Delivery p50 | Delivery p99 | Send→ack p50 | Send→ack p99 | Deliveries / acks |',
    );
    expect(header).toBeGreaterThan(title);
    expect(withLatency.slice(header + 2, header + 5)).toEqual([
      '| baseline (no fault) | — | none | 18 ms | 64 ms | 9 ms | 31 ms | 12000 / 1200 |',
      '| f2 (t+55.0–68.0 s) | \\*-&gt;redis (2 links) | 200 ± 50 ms | 431 ms | 912 ms | 12 ms | 40 ms | 2400 / 240 |',
      '| f3 (t+70.0–not healed) | client-&gt;gw-1 | 100 ms | — | — | — | — | 0 / 0 |',
    ]);
  });

  it('shows a not-applicable criterion as n/a with its reason, counted apart from the passes', () => {
    const text = renderMarkdown(notApplicableResult());
    expect(text.split('\n')[0]).toBe('# PASS — Observe the plain gateway');
    expect(text).toContain('**PASS: 2 of 3 criteria passed, 1 not applicable to the target**');
    expect(text).toContain(
      '| Lost acknowledged messages | — | == 0 messages | **n/a**: the target does not offer durable-store (a store the final audit can read &lt;no query configured&gt;) | Scenario 2 success criteria: Zero message loss |',
    );
    // Nothing to explain in the evidence section: it is neither a failure nor a pass.
    expect(text).toContain('_Every applicable criterion passed; there is no failure to explain._');
    expect(text).not.toContain('### N/A');
  });
});
