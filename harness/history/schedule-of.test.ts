import { describe, expect, it } from 'vitest';
import type { FaultPlanStep, HistoryEvent } from './events.js';
import { scheduleOf } from './schedule-of.js';

const step = (id: string, pod: string, plannedAt: number): FaultPlanStep => ({
  id,
  fault: 'pod-kill',
  plannedAt,
  healAfter: 1000,
  target: { pod },
  pods: [pod],
  params: {},
  ifTargetDown: 'wait',
  maxWaitMs: 10_000,
});

const PLAN = {
  seed: 7,
  timeScale: 0.1,
  pods: [
    { name: 'pod-a', zone: 'a' },
    { name: 'pod-b', zone: 'b' },
  ],
  steps: [step('pod-kill-1', 'pod-a', 0), step('pod-kill-2', 'pod-a', 500), step('pod-kill-3', 'pod-b', 800)],
};

const start = (t: number, id: string, pod: string, plannedAt: number): HistoryEvent => ({
  t,
  type: 'fault.start',
  id,
  fault: 'pod-kill',
  targets: [{ kind: 'pod', name: pod }],
  affectedPods: [pod],
  plannedAt,
});

/** One seed's run: step 2 waited for pod-a past step 3's time, and so started after it. */
const history = (waitedMs: number): HistoryEvent[] => [
  {
    t: 0,
    type: 'run.start',
    version: 1,
    scenario: 's',
    seed: 7,
    timeScale: 0.1,
    wallClockAt0: 0,
    clients: 2,
    pods: PLAN.pods,
  },
  { t: 1, type: 'fault.plan', ...PLAN },
  { t: 2, type: 'load.schedule', sends: [[10, 0]] },
  start(100, 'pod-kill-1', 'pod-a', 0),
  start(900, 'pod-kill-3', 'pod-b', 800),
  {
    t: 600 + waitedMs,
    type: 'fault.waited',
    id: 'pod-kill-2',
    fault: 'pod-kill',
    waitedMs,
    reason: 'pod-a is not running',
  },
  start(600 + waitedMs, 'pod-kill-2', 'pod-a', 500),
];

describe('scheduleOf', () => {
  it('keeps the plan, the faults in plan order and the departures from it', () => {
    const schedule = scheduleOf(history(400));
    expect(schedule.seed).toBe(7);
    expect(schedule.plan).toEqual(PLAN);
    expect(schedule.sends).toEqual([[10, 0]]);
    expect(schedule.faults.map((f) => [f.id, f.targets[0]!.name])).toEqual([
      ['pod-kill-1', 'pod-a'],
      ['pod-kill-2', 'pod-a'],
      ['pod-kill-3', 'pod-b'],
    ]);
    expect(schedule.departures).toEqual([
      {
        id: 'pod-kill-2',
        fault: 'pod-kill',
        outcome: 'waited',
        waitedMs: 400,
        reason: 'pod-a is not running',
      },
    ]);
  });

  it('two runs of one seed whose waits differ have equal plans, faults and sends', () => {
    const [a, b] = [scheduleOf(history(400)), scheduleOf(history(1))];
    expect(b.plan).toEqual(a.plan);
    expect(b.faults).toEqual(a.faults);
    expect(b.sends).toEqual(a.sends);
    expect(b.departures).not.toEqual(a.departures);
  });
});
