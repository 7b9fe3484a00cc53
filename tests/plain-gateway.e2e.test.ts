import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

// The second system under test (system-under-test/plain-gateway): an ordinary Socket.IO chat over the
// Redis adapter, with no acks, no persistence and no resume, driven through its drill.config.ts (the
// declarative socketio-events adapter only). CI size: the quick profile (a tenth of every runbook
// timer, 60 clients).
const CONFIG = join(import.meta.dirname, '..', 'system-under-test', 'plain-gateway', 'drill.config.ts');
const CI_ARGS = ['--config', CONFIG, '--profile', 'quick', '--seed', '3', '--no-progress'];
/** The durability criteria: they need acks, server sequence numbers or a durable store. */
const DURABILITY = ['lost-acked', 'undelivered'];

const resultIn = (out: string, scenario: string): { runDir: string; result: RunResult } => {
  const dirs = readdirSync(out).filter((d) => d.endsWith(`-${scenario}`));
  expect(dirs).toHaveLength(1);
  const runDir = join(out, dirs[0]!);
  return { runDir, result: JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult };
};
const verdicts = (r: RunResult) => Object.fromEntries(r.criteria.map((c) => [c.criterion, c.verdict]));
const failedOf = (r: RunResult) => r.criteria.filter((c) => c.verdict === 'fail').map((c) => c.criterion);

describe('plain gateway (a second system under test), end to end through the CLI with --config', () => {
  let out: string;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-plain-e2e-'));
  });
  afterAll(async () => rm(out, { recursive: true, force: true }));

  it('observe passes: every message reaches every other member of its room, across nodes', async () => {
    const dir = join(out, 'observe');
    const run = await drill(['run', 'observe', ...CI_ARGS, '--out', dir]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const { result } = resultIn(dir, 'observe');
    expect(result.verdict).toBe('pass');
    expect(failedOf(result)).toEqual([]);
    // Judged from the harness's own ids: the plain gateway has none of its own.
    const lost = result.criteria.find((c) => c.criterion === 'lost-messages');
    expect(lost?.verdict).toBe('pass');
    expect(lost?.value).toBe(0);
    for (const c of result.criteria.filter((c) => DURABILITY.includes(c.criterion))) {
      expect(c.verdict, c.criterion).toBe('not-applicable');
    }
  }, 240_000);

  it('single-pod-failure fails on lost messages, exits 1, and the evidence names the messages and the members who missed them', async () => {
    const dir = join(out, 'single-pod-failure');
    const run = await drill(['run', 'single-pod-failure', ...CI_ARGS, '--out', dir]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    const { runDir, result } = resultIn(dir, 'single-pod-failure');
    expect(result.verdict).toBe('fail');
    expect(result.faults).toHaveLength(1);
    expect(result.counters.unplannedDisconnects, "the kill disconnected the pod's clients").toBeGreaterThan(
      0,
    );

    const lost = result.criteria.find((c) => c.criterion === 'lost-messages');
    expect(lost, 'lost-messages is judged').toBeDefined();
    expect(lost!.verdict, JSON.stringify(lost)).toBe('fail');
    expect(lost!.value).toBeGreaterThan(0);
    expect(lost!.evidence.length).toBeGreaterThan(0);
    expect(lost!.evidence[0]).toMatchObject({
      client: expect.stringMatching(/^vu-/),
      room: expect.any(String),
      clientMsgId: expect.any(String),
    });
    // The loss is the killed node's: every message named was sent by, or missed by, a client the kill
    // disconnected (a send into the dying pod reaches nobody; a member away while its room sent never
    // gets it back: nothing replays it), and its members did miss what was sent while they were away.
    const history = readFileSync(join(runDir, 'history.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map(
        (l) => JSON.parse(l) as { type: string; client?: string; clientMsgId?: string; planned?: boolean },
      );
    const cutOff = new Set(
      history.filter((e) => e.type === 'client.disconnect' && e.planned === false).map((e) => e.client),
    );
    const senderOf = new Map(
      history.filter((e) => e.type === 'send.invoke').map((e) => [e.clientMsgId, e.client] as const),
    );
    for (const e of lost!.evidence) {
      expect(cutOff.has(e.client) || cutOff.has(senderOf.get(e.clientMsgId)), e.summary).toBe(true);
    }
    expect(lost!.details.missedWhileAway, 'deliveries missed while a member was away').toBeGreaterThan(0);

    // The durability criteria are not applicable (never a pass), with the reason.
    for (const id of DURABILITY) {
      const c = result.criteria.find((x) => x.criterion === id);
      expect(c, `${id} is listed`).toBeDefined();
      expect(c!.verdict, id).toBe('not-applicable');
      expect(c!.notApplicable, `${id}: why`).toMatch(/does not offer/);
    }
    expect(run.stdout).toMatch(/not.applicable/i);

    // Re-judging the stored history gives the same verdicts (the target's capabilities are recorded).
    const check = await drill(['check', runDir, '--json']);
    expect(check.code, check.stderr).toBe(1);
    expect(verdicts(JSON.parse(check.stdout) as RunResult)).toEqual(verdicts(result));
  }, 240_000);
});
