// A hand-written RunResult for the reporter tests: a pod kill followed by Redis latency, judged with
// passing, failing (with evidence) and unknown criteria. The title carries markup to prove escaping.
import type { CriterionResult } from '../../harness/checkers/types.js';
import type { RunResult } from '../../harness/runner/result.js';

export const HOSTILE_TITLE = 'Pod kill <script>window.__pwned = true</script> & "quotes"';
export const HOSTILE_EVIDENCE = 'seq 41 after 43 <img src="x" onerror="window.__pwned2 = true">';

const SAMPLE_MS = 1000;
const END_MS = 90_000;
const KILL = { start: 20_000, end: 35_000 };
const REDIS = { start: 55_000, end: 68_000 };

/** Deterministic, seeded noise in [0, 1) so the series look measured but never change. */
function noise(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function connectionSeries(): RunResult['charts']['connections'] {
  const rand = noise(7);
  const t: number[] = [];
  const pods: Record<string, number[]> = { 'gw-1': [], 'gw-2': [], 'gw-3': [] };
  for (let ms = 0; ms <= END_MS; ms += SAMPLE_MS) {
    t.push(ms);
    const ramp = Math.min(1, ms / 8000);
    // gw-2 is killed at 20 s: its 100 clients reconnect to gw-1 and gw-3 over ~6 s, and only new
    // arrivals reach gw-2 again after it is back at 35 s.
    const moved = ms < KILL.start ? 0 : Math.min(1, (ms - KILL.start) / 6000);
    const back = ms < KILL.end ? 0 : Math.min(40, (ms - KILL.end) / 1000);
    const wobble = (): number => Math.round((rand() - 0.5) * 4);
    pods['gw-1']?.push(Math.max(0, Math.round(ramp * 100 + moved * 50 - back / 2) + wobble()));
    pods['gw-2']?.push(ms >= KILL.start && ms < KILL.end ? 0 : Math.round(ramp * 100 * (1 - moved) + back));
    pods['gw-3']?.push(Math.max(0, Math.round(ramp * 100 + moved * 50 - back / 2) + wobble()));
  }
  return { t, pods };
}

function reconnectSamples(): number[] {
  const rand = noise(11);
  const samples: number[] = [];
  for (let i = 0; i < 100; i += 1) {
    // Mostly quick resumes (0.6–3 s) with a slow tail past the 5 s threshold.
    const base = 600 + rand() * 2400;
    samples.push(Math.round(i % 7 === 0 ? base * 2.8 : base));
  }
  return samples;
}

function latencySeries(): RunResult['charts']['deliveryLatency'] {
  const rand = noise(23);
  const t: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  for (let ms = 0; ms <= END_MS; ms += 5000) {
    const inKill = ms >= KILL.start && ms < KILL.start + 10_000;
    const inRedis = ms >= REDIS.start && ms < REDIS.end;
    t.push(ms);
    p50.push(Math.round(18 + rand() * 6 + (inRedis ? 150 : 0)));
    p99.push(Math.round(70 + rand() * 30 + (inKill ? 900 : 0) + (inRedis ? 420 : 0)));
  }
  return { t, p50, p99 };
}

const criteria: CriterionResult[] = [
  {
    criterion: 'lost-acked-messages',
    title: 'Lost acknowledged messages',
    value: 0,
    unit: 'messages',
    comparison: '==',
    threshold: 0,
    verdict: 'pass',
    evidence: [],
    details: { acked: 18_432, checked: 18_432 },
    source: 'Scenario 2 success criteria: Zero message loss',
  },
  {
    criterion: 'reconnect-time',
    title: 'Reconnect time p95',
    value: 6371,
    unit: 'ms',
    comparison: '<',
    threshold: 5000,
    verdict: 'fail',
    evidence: [
      { summary: 'reconnect took 7.8 s (disconnect → resumed)', client: 'vu-0042', pod: 'gw-2', t: 20_310 },
      { summary: 'reconnect took 6.9 s (disconnect → resumed)', client: 'vu-0117', pod: 'gw-2', t: 20_420 },
      { summary: 'reconnect took 6.4 s (disconnect → resumed)', client: 'vu-0230', pod: 'gw-2', t: 21_050 },
    ],
    details: { p50: 1838, p95: 6371, p99: 6892, max: 7808, samples: 100 },
    source: 'Scenario 2 success criteria: Reconnect time <5 seconds p95',
  },
  {
    criterion: 'order-violations',
    title: 'Order violations',
    value: 1,
    unit: '',
    comparison: '==',
    threshold: 0,
    verdict: 'fail',
    evidence: [
      {
        summary: HOSTILE_EVIDENCE,
        client: 'vu-0007',
        room: 'room-3',
        seq: 41,
        clientMsgId: 'm-7-912',
        t: 36_900,
      },
    ],
    details: { rooms: 24 },
    source: 'Data integrity: per-room order',
  },
  {
    criterion: 'collateral-churn',
    title: 'Collateral churn',
    value: 0.4,
    unit: '%',
    comparison: '<',
    threshold: 1,
    verdict: 'pass',
    evidence: [],
    details: { disconnects: 1, active: 250 },
    source: 'Scenario 2 success criteria: No impact on other pods',
  },
  {
    criterion: 'delivery-latency',
    title: 'Delivery latency p99',
    value: null,
    unit: 'ms',
    comparison: '<',
    threshold: 1000,
    verdict: 'unknown',
    evidence: [],
    details: {},
    source: 'Performance targets: p99 < 1 s',
    error: 'TypeError: Cannot read properties of undefined (reading "p99") in <bucket 12>',
  },
  {
    criterion: 'health-check-success',
    title: 'Health-check success',
    value: 99.95,
    unit: '%',
    comparison: '>',
    threshold: 99.9,
    verdict: 'pass',
    evidence: [],
    details: { probes: 2000, failed: 1 },
  },
];

export function fixtureResult(): RunResult {
  return {
    schemaVersion: 1,
    scenario: {
      name: 'pod-kill',
      title: HOSTILE_TITLE,
      runbook: 'runbooks/socketio-gateway-failures.md',
      section: 'Scenario 2: Pod failure',
    },
    verdict: 'fail',
    startedAt: '2025-11-22T21:04:05.000Z',
    durationMs: END_MS,
    seed: 424242,
    timeScale: 0.1,
    provider: 'local',
    clients: 300,
    measurementError: {
      reconnectMs: 12.5,
      deliveryMs: 13.4,
      loopDelayP99Ms: 3.1,
      loopDelayMaxMs: 12.5,
      databaseOffsetMs: 0.4,
      databaseRttMs: 1,
    },
    pods: [
      { name: 'gw-1', zone: 'a' },
      { name: 'gw-2', zone: 'b' },
      { name: 'gw-3', zone: 'c' },
    ],
    versions: { node: '20.20.2', 'socket.io': '4.8.1', redis: '7.2.4', postgresql: '16.4' },
    gitSha: '6ca844f0c2d1e9a7b3f5d8e6a4c2b1d0e9f8a7b6',
    criteria: structuredClone(criteria),
    phases: [
      { phase: 'warmup', startT: 0, endT: 10_000 },
      { phase: 'steady-state', startT: 10_000, endT: 20_000 },
      { phase: 'fault', startT: 20_000, endT: 68_000 },
      { phase: 'settle', startT: 68_000, endT: 90_000 },
    ],
    faults: [
      { id: 'f1', fault: 'pod-kill', targets: ['gw-2'], startT: KILL.start, endT: KILL.end },
      {
        id: 'f2',
        fault: 'latency',
        targets: ['gw-1→redis', 'gw-3→redis'],
        startT: REDIS.start,
        endT: REDIS.end,
      },
    ],
    charts: {
      connections: connectionSeries(),
      reconnectMs: reconnectSamples(),
      deliveryLatency: latencySeries(),
    },
    counters: {
      messagesSent: 18_500,
      messagesAcked: 18_432,
      messagesFailed: 12,
      messagesUnknown: 56,
      deliveries: 221_184,
      unplannedDisconnects: 101,
      reconnects: 100,
      healthProbes: 2000,
    },
    errors: ['log collector: could not read logs/gw-2.log: EACCES <permission denied>'],
    runDir: 'reports/runs/20251122T210405-pod-kill',
  };
}

/** Why the not-applicable criterion below does not apply; its markup proves escaping. */
export const NOT_APPLICABLE_REASON =
  'the target does not offer durable-store (a store the final audit can read <no query configured>)';

/**
 * A run on a target with no durable store: the durability criterion is not applicable (with its
 * reason), the others pass. It passes: not-applicable never fails a run, and never counts as a pass.
 */
export function notApplicableResult(): RunResult {
  const base = fixtureResult();
  const passing = structuredClone(criteria).filter(
    (c) => c.verdict === 'pass' && c.criterion !== 'lost-acked-messages',
  );
  return {
    ...base,
    scenario: { ...base.scenario, name: 'observe', title: 'Observe the plain gateway' },
    verdict: 'pass',
    criteria: [
      {
        criterion: 'lost-acked-messages',
        title: 'Lost acknowledged messages',
        value: null,
        unit: 'messages',
        comparison: '==',
        threshold: 0,
        verdict: 'not-applicable',
        evidence: [],
        details: {},
        source: 'Scenario 2 success criteria: Zero message loss',
        notApplicable: NOT_APPLICABLE_REASON,
      },
      ...passing,
    ],
    errors: [],
    runDir: 'reports/runs/20251122T210405-observe',
  };
}
