import { join } from 'node:path';
import { runCheckers } from '../checkers/index.js';
import type { Provider, Topology } from '../env/provider.js';
import type { HistoryEvent, Phase } from '../history/events.js';
import { createRecorder } from '../history/recorder.js';
import { BrowserPages } from '../load/browser-pages.js';
import { Fleet } from '../load/fleet.js';
import { forkSeed, seededRandom } from '../load/random.js';
import { openModelSchedule } from '../load/schedule.js';
import { sleep, withTimeout } from '../load/sleep.js';
import type { Capability } from '../targets/capabilities.js';
import { auditCommitted } from './audit.js';
import { clockEvent, databaseClockOffset, EventLoopLag } from './clock-check.js';
import { HarnessLoadSampler } from './harness-load.js';
import { buildResult } from './build-result.js';
import { HealthProber } from './health-prober.js';
import { MetricsScraper } from './metrics-scraper.js';
import { PRESENCE_OBSERVER, PresenceProber } from './presence-prober.js';
import { presenceTtlMs, topologySpecFor } from './gateway-env.js';
import { createRunDir, gitSha, versions, writeJson } from './run-dir.js';
import type { RunResult } from './result.js';
import type { ScenarioDefinition } from './scenario.js';
import { requestedCriteria } from './requested-criteria.js';
import { planFaults } from './fault-plan.js';
import { PodClaims } from './target-wait.js';
import { runFaultStep, type FaultStepContext } from './fault-step.js';
import { TeardownLedger } from './teardown-ledger.js';
import { TokenIssuer } from '../targets/token-issuer.js';
import { validateScenario } from './validate-scenario.js';
import type { Target } from '../targets/target.js';

export interface RunOptions {
  scenario: ScenarioDefinition;
  /** The system under test: how its pods start, what it offers, its workload adapter. */
  target: Target;
  provider: Provider;
  timeScale: number;
  seed: number;
  /** Overrides the scenario's client count. */
  clients?: number;
  outDir: string;
  /** Defect switches passed to every pod (the target's {defects} placeholder). */
  sutDefects?: string;
  /** The secret tokens are signed with (an attached stack's {jwtSecret}); default: a fresh one. */
  jwtSecret?: string;
  signal?: AbortSignal;
  onProgress?: (p: Progress) => void;
}

export interface Progress {
  phase: Phase;
  elapsedMs: number;
  plannedMs: number;
  clients: number;
  connected: number;
  byPod: Record<string, number>;
  ackedPerSecond: number;
  activeFaults: string[];
}

class Aborted extends Error {}
/** The system did not take or keep its clients before any fault: judged (clients-connected), not a harness error. */
class SystemUnusable extends Error {}

const BROWSER_ROOM = 'browser-room';

/**
 * One run: boot → warm-up → steady-state check → fault schedule → observe → heal → settle →
 * final sync → audit → judge → teardown. Everything observed goes to history.jsonl; verdicts
 * come from the checkers alone.
 */
export async function runScenario(opts: RunOptions): Promise<RunResult> {
  const { scenario, timeScale, seed, target } = opts;
  const has = (capability: Capability) => target.capabilities.has(capability);
  const problems = validateScenario(scenario, opts.provider, target);
  if (problems.length > 0) throw new Error(`cannot run ${scenario.name}:\n  ${problems.join('\n  ')}`);
  // Drawn here, before anything boots, over the planned topology; never re-drawn from live state.
  const plan = planFaults(scenario, seed, timeScale, opts.provider.existingPods);
  const scaled = (runbookSeconds: number) => Math.round(runbookSeconds * 1000 * timeScale);
  const clients = opts.clients ?? scenario.load.clients;
  const startedAt = new Date();
  const runDir = createRunDir(opts.outDir, scenario.name, startedAt);
  const recorder = createRecorder(join(runDir, 'history.jsonl'));
  const ledger = new TeardownLedger();
  const errors: string[] = [];
  const activeFaults = new Set<string>();
  let phase: Phase = 'boot';
  let fleet: Fleet | undefined;
  const ackTimes: number[] = [];

  const sink = {
    record(e: Parameters<typeof recorder.record>[0]) {
      const stamped = recorder.record(e);
      if (stamped.type === 'send.ok') ackTimes.push(stamped.t);
      return stamped;
    },
  };
  const enter = (p: Phase) => {
    phase = p;
    sink.record({ type: 'phase', phase: p });
  };
  const runSeconds =
    scenario.timeline.warmup +
    scenario.timeline.steadyState +
    scenario.timeline.observe +
    scenario.timeline.settle;
  const plannedMs = scaled(runSeconds);
  const progressTimer = setInterval(() => {
    const now = recorder.now();
    while (ackTimes.length > 0 && ackTimes[0]! < now - 1000) ackTimes.shift();
    const stats = fleet?.stats();
    opts.onProgress?.({
      phase,
      elapsedMs: now,
      plannedMs,
      clients,
      connected: stats?.connected ?? 0,
      byPod: stats?.byPod ?? {},
      ackedPerSecond: ackTimes.length,
      activeFaults: [...activeFaults],
    });
  }, 250);
  const abortIfAsked = () => {
    if (opts.signal?.aborted) throw new Aborted('aborted by the user (Ctrl-C)');
  };

  const tokens = new TokenIssuer(opts.jwtSecret);
  writeJson(join(runDir, 'config.json'), {
    scenario,
    seed,
    timeScale,
    clients,
    provider: opts.provider.name,
    target: { name: target.definition.name, capabilities: [...target.capabilities] },
    sutDefects: opts.sutDefects ?? '',
    startedAt: startedAt.toISOString(),
    versions: versions(),
    gitSha: gitSha(),
  });

  let topology: Topology | undefined;
  const loopLag = new EventLoopLag();
  loopLag.start();
  const harnessLoad = new HarnessLoadSampler(sink);
  harnessLoad.start();
  try {
    enter('boot');
    const presenceTtl = presenceTtlMs(scenario, timeScale);
    topology = await opts.provider.up(
      topologySpecFor(target, scenario, {
        timeScale,
        clients,
        jwtSecret: tokens.current,
        ...(opts.sutDefects ? { sutDefects: opts.sutDefects } : {}),
        logDir: join(runDir, 'logs'),
      }),
    );
    const up = topology;
    ledger.push('topology down', () => up.down());
    sink.record({
      type: 'run.start',
      version: 1,
      scenario: scenario.name,
      seed,
      timeScale,
      wallClockAt0: Date.now() - recorder.now(),
      clients,
      pods: up.pods.map((p) => ({ name: p.name, zone: p.zone })),
      target: { name: target.definition.name, capabilities: [...target.capabilities] },
    });
    const booted = JSON.stringify(up.pods.map((p) => ({ name: p.name, zone: p.zone })));
    if (booted !== JSON.stringify(plan.pods) && plan.steps.some((s) => s.pods.length > 0)) {
      throw new Error(
        `the provider booted pods ${booted}, but the fault plan was drawn over ${JSON.stringify(plan.pods)}`,
      );
    }
    sink.record({ type: 'fault.plan', ...plan });
    abortIfAsked();

    // Probes only of what the target offers: a fault step still marks pods unready on the prober.
    const prober = new HealthProber(up.pods, sink, Math.max(100, scaled(5)), {
      readiness: has('health') ? target.definition.readinessPath : null,
      database: has('database-health') ? target.definition.livenessPath : null,
    });
    prober.start();
    ledger.push('health probes', async () => prober.stop());
    const metrics = target.definition.metrics;
    if (has('metrics') && metrics) {
      const scraper = new MetricsScraper(up.pods, sink, Math.max(200, scaled(5)), metrics);
      scraper.start();
      ledger.push('metrics scrapes', async () => scraper.stop());
    }

    enter('warmup');
    const liveFleet = new Fleet({
      url: up.entryUrl,
      clients,
      roomSize: scenario.load.roomSize,
      connectRatePerSecond: scenario.load.connectRatePerSecond,
      seed: forkSeed(seed, 'fleet'),
      connectConcurrency: 64,
      sink,
      ...(has('jwt-auth') ? { token: (userId: string, room: string) => tokens.sign(userId, [room]) } : {}),
      adapter: target.adapter,
      transport: scenario.load.transport ?? 'websocket',
    });
    fleet = liveFleet;
    ledger.push('close clients', () => liveFleet.closeAll());
    const presencePath = target.definition.presence?.path;
    if (has('presence') && presencePath) {
      const presence = new PresenceProber({
        pods: up.pods,
        rooms: () => Object.keys(liveFleet.rooms),
        token: (room) => tokens.sign(PRESENCE_OBSERVER, [room]),
        sink,
        intervalMs: Math.max(200, scaled(5)),
        ttlMs: presenceTtl,
        path: presencePath,
      });
      presence.start();
      ledger.push('presence probes', async () => presence.stop());
    }
    const rampBudget = (clients / scenario.load.connectRatePerSecond) * 1000 + 30_000;
    const ramped = await withTimeout(
      liveFleet.connectAll(opts.signal).then(() => true),
      rampBudget,
      false,
    );
    abortIfAsked();
    const census = (checkpoint: 'ramp' | 'steady-state') => {
      const unconnected = liveFleet.unconnected();
      sink.record({
        type: 'clients.census',
        checkpoint,
        clients,
        connected: clients - unconnected.length,
        unconnected: unconnected.slice(0, 20),
      });
      return unconnected.length;
    };
    if (census('ramp') > 0 || !ramped) {
      throw new SystemUnusable(
        `system unusable: ${liveFleet.stats().connected} of ${clients} clients connected within ${rampBudget} ms`,
      );
    }

    const loadMs = scaled(
      scenario.timeline.warmup + scenario.timeline.steadyState + scenario.timeline.observe,
    );
    const schedule = openModelSchedule(seededRandom(forkSeed(seed, 'schedule')), {
      ratePerSecond: scenario.load.messagesPerSecond,
      durationMs: loadMs,
      clients,
    });
    sink.record({ type: 'load.schedule', sends: schedule.map((s) => [Math.round(s.at), s.client]) });
    let browsers: BrowserPages | undefined;
    if (scenario.browsers) {
      const open = await BrowserPages.open({
        entryUrl: up.entryUrl,
        pages: scenario.browsers.pages,
        room: BROWSER_ROOM,
        token: (id) => tokens.sign(id, [BROWSER_ROOM]),
        sink,
      });
      browsers = open;
      ledger.push('close browser pages', () => open.close());
      sink.record({ type: 'rooms.assigned', rooms: { [BROWSER_ROOM]: open.ids } });
    }
    const podOf = (client: string) =>
      browsers?.servedBy(client) ?? liveFleet.users.find((u) => u.id === client)?.servedBy ?? null;
    const loadDone = Promise.all([
      liveFleet.drive(schedule, scenario.load.messageBytes, opts.signal),
      browsers?.drive(scaled(scenario.browsers!.typeEverySeconds), loadMs, opts.signal),
    ]);
    await sleep(scaled(scenario.timeline.warmup), opts.signal);
    abortIfAsked();

    enter('steady-state');
    await sleep(scaled(scenario.timeline.steadyState), opts.signal);
    abortIfAsked();
    const lost = census('steady-state');
    if (lost > 0) {
      throw new SystemUnusable(
        `not steady before the fault: ${lost} of ${clients} clients are not connected`,
      );
    }

    enter('fault');
    const faultRandom = seededRandom(forkSeed(seed, 'faults'));
    const stepContext: FaultStepContext = {
      fault: { topology: up, random: faultRandom, sink, podOf, tokens, timeScale },
      sink,
      claims: new PodClaims(),
      prober,
      onTeardown: (label, heal) => ledger.push(label, heal),
      activeFaults,
      now: () => recorder.now(),
      observeMs: scaled(scenario.timeline.observe),
      ...(opts.signal ? { signal: opts.signal } : {}),
    };
    const faultsDone = Promise.all(plan.steps.map((step) => runFaultStep(step, stepContext)));

    // Awaited after the observation window; until then a rejection must not count as unhandled.
    faultsDone.catch(() => undefined);
    loadDone.catch(() => undefined);
    const lastInjection = Math.max(0, ...scenario.faults.map((f) => f.at));
    await sleep(scaled(lastInjection), opts.signal);
    enter('observe');
    await sleep(scaled(scenario.timeline.observe - lastInjection), opts.signal);
    await faultsDone;
    await loadDone;
    abortIfAsked();

    enter('heal');
    enter('settle');
    await sleep(scaled(scenario.timeline.settle), opts.signal);
    abortIfAsked();

    enter('final-sync');
    const sync = await liveFleet.finalSync(30_000);
    if (sync.failed.length > 0) {
      sink.record({
        type: 'note',
        level: 'warn',
        message: `final sync incomplete for ${sync.failed.length} clients`,
      });
    }
    await browsers?.finalSync(10_000);
    const rooms = [...Object.keys(liveFleet.rooms), ...(browsers ? [BROWSER_ROOM] : [])];
    const audit = target.definition.audit;
    if (has('durable-store') && audit) await auditCommitted(audit, up, rooms, sink);
    sink.record(
      clockEvent(loopLag.stop(), up.databaseUrl === null ? null : await databaseClockOffset(up.databaseUrl)),
    );
  } catch (err) {
    if (err instanceof SystemUnusable) {
      sink.record({ type: 'note', level: 'error', message: err.message });
    } else {
      const message =
        err instanceof Aborted ? err.message : `harness error in phase ${phase}: ${(err as Error).message}`;
      errors.push(message);
      sink.record({ type: 'note', level: 'error', message });
    }
  } finally {
    clearInterval(progressTimer);
    loopLag.stop();
    harnessLoad.stop();
  }

  enter('judge');
  const history = recorder.events as readonly HistoryEvent[];
  const criteria =
    errors.length > 0
      ? []
      : runCheckers(history, requestedCriteria(scenario, history), timeScale, target.capabilities);

  enter('teardown');
  errors.push(...(await ledger.unwind()));
  sink.record({
    type: 'run.end',
    outcome: errors.length > 0 ? 'aborted' : 'completed',
    ...(errors[0] ? { reason: errors[0] } : {}),
  });
  await recorder.close();

  return buildResult({
    scenario,
    history: recorder.events,
    criteria,
    errors,
    runDir,
    startedAt,
    seed,
    timeScale,
    provider: opts.provider.name,
    clients,
    pods: topology?.pods.map((p) => ({ name: p.name, zone: p.zone })) ?? [],
  });
}
