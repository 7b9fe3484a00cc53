import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider } from '../harness/env/local/local-provider.js';
import { readHistory } from '../harness/history/reader.js';
import { planCarriedOut, scheduleOf } from '../harness/history/schedule-of.js';
import { runScenario } from '../harness/runner/run.js';
import type { ScenarioDefinition } from '../harness/runner/scenario.js';
import singlePodFailure from '../scenarios/single-pod-failure.js';
import { startCpuHog, type CpuHog } from './support/cpu-hog.js';
import { referenceTarget } from '../harness/targets/reference.js';

// Replay: a seed decides the fault plan (times, targets, drawn before the run over the planned
// topology) and the send schedule. Three short runs of single-pod-failure, beside a CPU hog on one
// core so that restarts and timers run late: two with seed 7 must reduce to equal plans, fault
// targets and sends, one with seed 9 (whose random draws differ from seed 7's) to a different
// schedule. Steps 2 and 3 aim at one pod on purpose: at step 3's time step 2 still has it down (a
// restart takes 1.5 s or more of real time), so step 3 waits for it (recorded), never re-drawing
// its target; the observation window leaves that wait 6 s.
const SHORT: ScenarioDefinition = {
  ...singlePodFailure,
  timeline: { warmup: 5, steadyState: 10, observe: 80, settle: 5 },
  faults: [
    { at: 0, fault: 'pod-kill', target: { pod: 'random' }, healAfter: 10 },
    { at: 10, fault: 'pod-kill', target: { pod: 'pod-a' }, healAfter: 10 },
    { at: 20, fault: 'pod-kill', target: { pod: 'pod-a' }, healAfter: 5 },
    { at: 30, fault: 'pod-kill', target: { pod: 'random' }, healAfter: 10 },
  ],
};

describe('replay: the same seed gives the same schedule', () => {
  let out: string;
  let hog: CpuHog | undefined;
  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-replay-'));
    hog = startCpuHog(200_000);
  });
  afterAll(async () => {
    await hog?.stop();
    await rm(out, { recursive: true, force: true });
  });

  const runWith = async (seed: number) => {
    const result = await runScenario({
      scenario: SHORT,
      provider: localProvider,
      target: referenceTarget(),
      timeScale: 0.1,
      seed,
      clients: 30,
      outDir: join(out, `seed-${seed}-${Math.random().toString(36).slice(2)}`),
    });
    expect(result.errors).toEqual([]);
    return readHistory(join(result.runDir, 'history.jsonl'));
  };

  it('two runs of seed 7 reduce to equal plans, targets and sends, carried out in full; seed 9 differs', async () => {
    const first = await runWith(7);
    const second = await runWith(7);
    const other = await runWith(9);

    const a = scheduleOf(first);
    // The plan is drawn before the run: recorded before the fault phase, every target concrete.
    const planAt = first.findIndex((e) => e.type === 'fault.plan');
    const faultPhaseAt = first.findIndex((e) => e.type === 'phase' && e.phase === 'fault');
    expect(planAt).toBeGreaterThanOrEqual(0);
    expect(planAt).toBeLessThan(faultPhaseAt);
    const steps = a.plan!.steps;
    expect(steps.map((s) => s.id)).toEqual(['pod-kill-1', 'pod-kill-2', 'pod-kill-3', 'pod-kill-4']);
    for (const step of steps) expect(step.target).toEqual({ pod: expect.stringMatching(/^pod-[abc]$/) });
    expect(a.sends.length).toBeGreaterThan(50);

    // Each fault hit its planned target, none was skipped, whatever the restarts' timing.
    const targetsOf = (s: typeof a) => s.faults.map((f) => [f.id, f.targets.map((t) => t.name)]);
    const planned = steps.map((s) => [s.id, [(s.target as { pod: string }).pod]]);
    expect(targetsOf(a), JSON.stringify(a.departures)).toEqual(planned);
    expect(a.departures.filter((d) => d.outcome === 'skipped')).toEqual([]);
    // Step 3's pod is down at its time (step 2's kill): it waited for it.
    expect(a.departures).toContainEqual(
      expect.objectContaining({
        id: 'pod-kill-3',
        outcome: 'waited',
        reason: expect.stringMatching(/^pod-a /),
      }),
    );

    const b = scheduleOf(second);
    expect(b.plan).toEqual(a.plan);
    expect(b.faults, JSON.stringify(b.departures)).toEqual(a.faults);
    expect(b.sends).toEqual(a.sends);
    expect(b.departures.filter((d) => d.outcome === 'skipped')).toEqual([]);

    const c = scheduleOf(other);
    expect(c.seed).toBe(9);
    expect(c.plan!.steps.map((s) => s.target)).not.toEqual(steps.map((s) => s.target));
    expect(c.sends).not.toEqual(a.sends);
    expect(targetsOf(c), JSON.stringify(c.departures)).toEqual(
      c.plan!.steps.map((s) => [s.id, [(s.target as { pod: string }).pod]]),
    );

    const ids = Array.from({ length: 30 }, (_, i) => `vu-${String(i).padStart(5, '0')}`);
    const { planned: plannedSends, invoked } = planCarriedOut(first, ids);
    expect(invoked).toEqual(plannedSends);
  }, 240_000);
});
