import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '../history/events.js';
import { CAPABILITIES, CAPABILITY_NAMES, type Capability } from '../targets/capabilities.js';
import { CHECKERS, runCheckers } from './index.js';
import { runCheckers as runWithRegistry } from './run-checkers.js';
import { HistoryBuilder } from './test-support/history-builder.js';
import type { CheckerSpec } from './types.js';

/** DESIGN.md's criteria table: these must always be judgeable. */
const CORE_IDS = [
  'lost-acked',
  'undelivered',
  'duplicates',
  'order',
  'reconnect-time',
  'collateral-churn',
  'steady-state-churn',
  'unrecovered-clients',
  'health-check-success',
  'delivery-latency',
  'heartbeat-timeouts',
  'transport-closes',
];

/** The criteria every target can be judged on: from the harness's own ids, no capability. */
const CAPABILITY_FREE = [
  'lost-messages',
  'duplicates',
  'sender-order',
  'reconnect-time',
  'steady-state-churn',
  'unrecovered-clients',
  'clients-connected',
];

describe('CHECKERS', () => {
  it('registers every core criterion, each under its own id', () => {
    expect(Object.keys(CHECKERS)).toEqual(expect.arrayContaining([...CORE_IDS, ...CAPABILITY_FREE]));
    for (const [id, spec] of Object.entries(CHECKERS)) expect(spec.id).toBe(id);
  });

  it('gives every checker a default threshold and the runbook source it comes from', () => {
    for (const spec of Object.values(CHECKERS)) {
      expect(Number.isFinite(spec.defaultThreshold), `${spec.id} has no defaultThreshold`).toBe(true);
      expect(spec.source?.trim().length ?? 0, `${spec.id} has no source`).toBeGreaterThan(10);
    }
  });

  it('declares needs only from the known capabilities, and none for the capability-free criteria', () => {
    for (const spec of Object.values(CHECKERS)) {
      for (const need of spec.needs ?? []) expect(CAPABILITY_NAMES, spec.id).toContain(need);
    }
    for (const id of CAPABILITY_FREE) expect(CHECKERS[id]?.needs ?? [], id).toEqual([]);
    expect(CHECKERS['lost-acked']?.needs).toEqual(expect.arrayContaining(['acks', 'durable-store']));
    expect(CHECKERS['undelivered']?.needs).toEqual(
      expect.arrayContaining(['durable-store', 'server-sequence']),
    );
    expect(CHECKERS['order']?.needs).toEqual(['server-sequence']);
  });
});

describe('runCheckers', () => {
  const history = new HistoryBuilder()
    .online('c1', 'pod-a')
    .ack('c1', 'r1', 1)
    .deliver('c1', 'r1', 1)
    .build();

  it('passes threshold, time scale and source through to each checker', () => {
    const [result] = runCheckers(history, [{ id: 'duplicates', threshold: 0, source: 'runbook §x' }], 0.1);
    expect(result).toMatchObject({
      criterion: 'duplicates',
      verdict: 'pass',
      threshold: 0,
      source: 'runbook §x',
    });
  });

  it('turns a throwing checker into unknown with the error, never a pass', () => {
    const throwing: CheckerSpec = {
      id: 'explodes',
      title: 'Explodes',
      unit: 'n',
      comparison: '<=',
      check: () => {
        throw new Error('kaboom');
      },
    };
    const [result] = runWithRegistry(history, [{ id: 'explodes', threshold: 0 }], 1, { explodes: throwing });
    expect(result).toMatchObject({
      criterion: 'explodes',
      title: 'Explodes',
      verdict: 'unknown',
      value: null,
    });
    expect(result?.error).toContain('kaboom');
  });

  it('turns a real checker tripping over a malformed history into unknown', () => {
    const broken = [...history, { t: 5, type: 'rooms.assigned', rooms: null } as unknown as HistoryEvent];
    const results = runCheckers(
      broken,
      [
        { id: 'lost-acked', threshold: 0 },
        { id: 'order', threshold: 0 },
      ],
      1,
    );
    expect(results.map((r) => r.verdict)).toEqual(['unknown', 'pass']);
    expect(results[0]?.error).toMatch(/checker threw/);
  });

  it('answers unknown for a criterion it does not know', () => {
    const [result] = runCheckers(history, [{ id: 'no-such-thing', threshold: 1 }], 1);
    expect(result).toMatchObject({ criterion: 'no-such-thing', verdict: 'unknown', value: null });
    expect(result?.error).toContain("no checker named 'no-such-thing'");
  });

  it('runs every registered checker on an empty history without throwing', () => {
    const results = runCheckers(
      [],
      Object.keys(CHECKERS).map((id) => ({ id, threshold: 0 })),
      1,
    );
    for (const r of results) expect(r.error ?? '').not.toContain('checker threw');
  });

  it("takes the checker's default threshold and source when the request names none", () => {
    const [result] = runCheckers(history, [{ id: 'duplicates' }], 1);
    expect(result).toMatchObject({
      criterion: 'duplicates',
      verdict: 'pass',
      threshold: CHECKERS['duplicates']!.defaultThreshold,
      source: CHECKERS['duplicates']!.source,
    });
    const [own] = runCheckers(history, [{ id: 'duplicates', threshold: 3, source: 'ours' }], 1);
    expect(own).toMatchObject({ threshold: 3, source: 'ours' });
  });

  it('answers unknown for a request without a threshold of a checker without a default', () => {
    const bare: CheckerSpec = { ...CHECKERS['duplicates']!, id: 'bare', defaultThreshold: undefined };
    const [result] = runWithRegistry(history, [{ id: 'bare' }], 1, { bare });
    expect(result).toMatchObject({ criterion: 'bare', verdict: 'unknown', value: null });
    expect(result?.error).toContain('no default threshold');
  });
});

describe('runCheckers on a target lacking capabilities', () => {
  // A history on which lost-acked would fail: not-applicable must still win, and never pass.
  const failing = new HistoryBuilder()
    .rooms({ r1: ['c1', 'c2'] })
    .online('c1', 'pod-a', ['r1'])
    .online('c2', 'pod-b', ['r1'])
    .ack('c1', 'r1', 1)
    .audit('r1', [])
    .build();
  const passing = new HistoryBuilder()
    .online('c1', 'pod-a')
    .ack('c1', 'r1', 1)
    .deliver('c1', 'r1', 1)
    .build();

  it('answers not-applicable (value null, no error) naming what is missing and what it means', () => {
    const plain = new Set<Capability>(['health']);
    const [lost, dup] = runCheckers(failing, [{ id: 'lost-acked' }, { id: 'duplicates' }], 1, plain);
    expect(lost).toMatchObject({
      criterion: 'lost-acked',
      verdict: 'not-applicable',
      value: null,
      evidence: [],
    });
    expect(lost).not.toHaveProperty('error');
    expect(lost?.notApplicable).toContain('durable-store');
    expect(lost?.notApplicable).toContain(CAPABILITIES['durable-store']);
    expect(lost?.notApplicable).toContain('acks');
    expect(dup).toMatchObject({ criterion: 'duplicates', verdict: 'pass' });
  });

  it('never passes a criterion whose needs are missing, whatever the history', () => {
    for (const spec of Object.values(CHECKERS)) {
      for (const need of spec.needs ?? []) {
        const lacking = new Set(CAPABILITY_NAMES.filter((c) => c !== need));
        for (const h of [[], passing, failing]) {
          const [result] = runCheckers(h, [{ id: spec.id }], 1, lacking);
          expect(result?.verdict, `${spec.id} without ${need}`).toBe('not-applicable');
          expect(result?.notApplicable, spec.id).toContain(need);
        }
      }
    }
  });

  it('judges as before with every capability (the default)', () => {
    const [result] = runCheckers(failing, [{ id: 'lost-acked' }], 1);
    expect(result).toMatchObject({ criterion: 'lost-acked', verdict: 'fail' });
  });
});
