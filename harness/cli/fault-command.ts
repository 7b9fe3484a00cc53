// `drill fault`: one fault from the registry against a running stack (docker-compose.yml, or any stack
// labelled drill.run=<id>): attach, inject, hold, heal, each step printed with its time, so that a
// `drill run --attach` in another terminal can be read against it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Command, InvalidArgumentError } from 'commander';
import { attachStack, COMPOSE_RUN_ID, inspectStack } from '../env/containers/attach.js';
import { containersProvider } from '../env/containers/containers-provider.js';
import { docker } from '../env/containers/docker-engine.js';
import { LABEL } from '../env/containers/stack-plan.js';
import type { Topology, TopologySpec } from '../env/provider.js';
import { FAULTS, type FaultInstance, type FaultType, type TargetSelector } from '../faults/index.js';
import type { HistoryEvent, Unstamped } from '../history/events.js';
import { seededRandom } from '../load/random.js';
import { sleep } from '../load/sleep.js';
import { resolveTarget } from '../runner/fault-plan.js';
import { TokenIssuer } from '../targets/token-issuer.js';
import { referencePod, referenceServices } from '../targets/reference.js';
import { positiveNumber, wholeNumber } from './number-options.js';

export const MAX_HOLD_SECONDS = 30 * 60;
const DEFAULT_HOLD_SECONDS = 10;
const COMPONENTS = ['redis', 'database', 'load-balancer'] as const;

/** The target a fault aims at when none is given. */
const DEFAULT_TARGETS: Readonly<Record<string, TargetSelector>> = {
  'zone-loss': { zone: 'random' },
  'database-failover': { component: 'database' },
  'redis-stop': { component: 'redis' },
  'redis-blackhole': { component: 'redis' },
  'lb-affinity-off': { component: 'load-balancer' },
};

/** Faults with no sensible default target: they must be told where. */
const NEEDS_TARGET: Readonly<Record<string, string>> = {
  'link-latency':
    'a pod (its three links), a link, database, redis or load-balancer (every link of that kind)',
};

interface FaultCommandOptions {
  list?: boolean;
  param: string[];
  duration: number;
  runId: string;
  seed: number;
}

/**
 * A target word: `pod-a`, a zone (`b`), `redis` / `database` / `load-balancer`, a link
 * (`client->pod-a`), `random`, or explicit `pod:…`, `zone:…`, `link:…`, `component:…`.
 */
export function parseTarget(
  fault: string,
  word: string | undefined,
  topology: { pods: readonly { name: string; zone: string }[]; links: readonly string[] },
): TargetSelector {
  if (word === undefined) {
    const needs = NEEDS_TARGET[fault];
    if (needs) throw new InvalidArgumentError(`${fault} needs a target: ${needs}`);
    return DEFAULT_TARGETS[fault] ?? { pod: 'random' };
  }
  const explicit = /^(pod|zone|link|component):(.+)$/.exec(word);
  if (explicit) {
    const [, kind, value] = explicit as unknown as [string, string, string];
    if (kind === 'component') {
      if (!(COMPONENTS as readonly string[]).includes(value))
        throw new InvalidArgumentError(`component must be one of ${COMPONENTS.join(', ')}, got ${value}`);
      return { component: value as (typeof COMPONENTS)[number] };
    }
    return { [kind]: value } as TargetSelector;
  }
  if (word === 'random')
    return 'zone' in (DEFAULT_TARGETS[fault] ?? {}) ? { zone: 'random' } : { pod: 'random' };
  if (word === 'all') return { pod: 'all' };
  if (topology.pods.some((p) => p.name === word)) return { pod: word };
  if (topology.links.includes(word)) return { link: word };
  if ((COMPONENTS as readonly string[]).includes(word))
    return { component: word as (typeof COMPONENTS)[number] };
  if (topology.pods.some((p) => p.zone === word)) return { zone: word };
  throw new InvalidArgumentError(
    `target "${word}" is none of: a pod (${topology.pods.map((p) => p.name).join(', ')}), a zone (${[
      ...new Set(topology.pods.map((p) => p.zone)),
    ].join(', ')}), ${COMPONENTS.join(', ')}, a link (${topology.links.join(', ')}), random`,
  );
}

/** `--param k=v`: v as JSON when it parses (numbers, booleans, arrays), else the string. */
export function parseParams(pairs: readonly string[]): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new InvalidArgumentError(`--param takes key=value, got ${pair}`);
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw);
    } catch {
      // a plain string
    }
    params[pair.slice(0, at)] = value;
  }
  return params;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function clock(startedAt: number): (line: string) => void {
  return (line) => {
    const now = new Date();
    const wall = now.toISOString().slice(11, 23);
    const since = ((performance.now() - startedAt) / 1000).toFixed(2).padStart(7);
    process.stdout.write(`${wall}  +${since} s  ${line}\n`);
  };
}

/** A fault's history event as one human line. */
export function describeEvent(e: Unstamped<HistoryEvent>): string {
  switch (e.type) {
    case 'pod.state':
      return `${e.pod} ${e.state}${typeof e.exitCode === 'number' ? ` (exit code ${e.exitCode})` : ''}${e.reason ? ` ${e.reason}` : ''}`;
    case 'note':
      return `${e.level}: ${e.message}`;
    default: {
      const { type, ...rest } = e as { type: string } & Record<string, unknown>;
      const detail = JSON.stringify(rest);
      return `${type} ${detail.length > 200 ? `${detail.slice(0, 200)}…` : detail}`;
    }
  }
}

function listFaults(): void {
  const width = Math.max(...Object.keys(FAULTS).map((n) => n.length)) + 2;
  for (const type of Object.values(FAULTS)) {
    const unsupported = type.requires.filter((p) => !containersProvider.supports.has(p));
    const target = DEFAULT_TARGETS[type.name];
    const needs = NEEDS_TARGET[type.name];
    const notes = [
      needs ? `target: ${needs}` : target ? `default target: ${Object.values(target).join(' ')}` : '',
      unsupported.length > 0 ? `not on containers: it needs ${unsupported.join(', ')}` : '',
    ].filter(Boolean);
    process.stdout.write(
      `${type.name.padEnd(width)}${type.description}\n${notes.length > 0 ? `${''.padEnd(width)}${notes.join('; ')}\n` : ''}`,
    );
  }
}

/** The zone of the PostgreSQL primary while it runs (zone-loss takes it with its zone). */
async function runningPrimaryZone(runId: string): Promise<string | undefined> {
  const found = await docker().listContainers({
    filters: { label: [`${LABEL.run}=${runId}`, `${LABEL.role}=postgres-primary`] },
  });
  return found[0]?.Labels[LABEL.zone];
}

/** The spec of a running stack, read from its containers (nothing is checked against it). */
async function specOfStack(runId: string, logDir: string): Promise<TopologySpec> {
  const stack = await inspectStack(runId);
  const pods = Object.entries(stack.podEnv).sort(([a], [b]) => a.localeCompare(b));
  const zones = [...new Set(pods.map(([, env]) => env.ZONE ?? ''))];
  return {
    pods: pods.length,
    zones,
    // A compose stack runs the reference gateway.
    services: referenceServices(),
    databaseZone: (await runningPrimaryZone(runId)) ?? zones[0] ?? '',
    pod: referencePod(pods[0]?.[1] ?? {}),
    timeScale: stack.timeScale ?? 1,
    logDir,
  };
}

async function runFault(name: string, word: string | undefined, o: FaultCommandOptions): Promise<number> {
  const type: FaultType | undefined = FAULTS[name];
  if (!type)
    throw new InvalidArgumentError(
      `no fault "${name}"; known: ${Object.keys(FAULTS).join(', ')} (drill fault --list)`,
    );
  const missing = type.requires.filter((p) => !containersProvider.supports.has(p));
  if (missing.length > 0)
    throw new InvalidArgumentError(`${name}: the containers provider cannot ${missing.join(', ')}`);
  if (o.duration > MAX_HOLD_SECONDS)
    throw new InvalidArgumentError(`--duration is at most ${MAX_HOLD_SECONDS} s, got ${o.duration}`);
  const params = parseParams(o.param);

  const log = clock(performance.now());
  const logDir = mkdtempSync(path.join(tmpdir(), 'drill-fault-'));
  let topology: Topology | undefined;
  const controller = new AbortController();
  let interrupts = 0;
  const onSignal = () => {
    interrupts += 1;
    if (interrupts === 1) {
      log('interrupted: healing now (Ctrl-C again to leave at once, with the fault in place)');
      controller.abort();
      return;
    }
    process.stderr.write(
      `drill fault: left without healing: ${name} may still be in place (scripts/compose down && scripts/compose up resets the stack)\n`,
    );
    process.exit(130);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    log(`attaching to the stack labelled ${LABEL.run}=${o.runId}`);
    const spec = await specOfStack(o.runId, logDir);
    topology = await attachStack(spec, o.runId, { checkFit: false });
    const up = topology;
    log(
      `attached: ${up.pods
        .map((p) => `${p.name} (zone ${p.zone}${up.isPodRunning(p.name) ? '' : ', not running'})`)
        .join(', ')}; time scale ${spec.timeScale}`,
    );
    // A fault's create() takes a concrete target: `random` is drawn here, once, with --seed, over the
    // pods of the stack that run now (by hand, the stack as attached is the plan).
    const parsed = parseTarget(name, word, up);
    const target = Object.values(parsed).includes('random')
      ? resolveTarget(
          parsed,
          up.pods.filter((p) => up.isPodRunning(p.name)),
          seededRandom(o.seed),
        )
      : parsed;
    if (name === 'zone-loss' && params.databaseZone === undefined) {
      const zone = await runningPrimaryZone(o.runId);
      if (zone !== undefined) params.databaseZone = zone;
    }
    const secret = spec.pod.env?.JWT_SECRET;
    const instance: FaultInstance = type.create(target, params, {
      topology: up,
      random: seededRandom(o.seed),
      sink: { record: (e) => log(`  ${describeEvent(e)}`) },
      ...(secret ? { tokens: new TokenIssuer(secret) } : {}),
      timeScale: spec.timeScale,
    });
    log(
      `${name} on ${instance.targets.map((t) => `${t.kind} ${t.name}`).join(', ') || 'the stack'}` +
        `${instance.affectedPods.length > 0 ? `; clients of ${instance.affectedPods.join(', ')} are expected to be disturbed` : ''}` +
        `${Object.keys(params).length > 0 ? `; params ${JSON.stringify(params)}` : ''}`,
    );

    let code = 0;
    let injected = false;
    const injectStart = performance.now();
    log(`injecting ${name}`);
    try {
      await instance.inject();
      injected = true;
      log(`injected in ${Math.round(performance.now() - injectStart)} ms`);
    } catch (error) {
      code = 2;
      log(`inject failed: ${(error as Error).message}`);
    }
    if (injected && !controller.signal.aborted) {
      log(`holding for ${o.duration} s (Ctrl-C heals now)`);
      await sleep(o.duration * 1000, controller.signal);
    }
    const healStart = performance.now();
    log(`healing ${name}`);
    try {
      await instance.heal();
      log(`healed in ${Math.round(performance.now() - healStart)} ms`);
    } catch (error) {
      code = 2;
      log(
        `heal failed: ${(error as Error).message}; scripts/compose down && scripts/compose up resets the stack`,
      );
    }
    return code;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await topology?.down().catch(() => undefined);
    rmSync(logDir, { recursive: true, force: true });
  }
}

export function addFaultCommand(program: Command): void {
  program
    .command('fault')
    .description(
      'inject one fault into a running stack (scripts/compose up), hold it, heal it; each step printed with its time',
    )
    .argument('[fault-type]', 'a fault of the registry (drill fault --list)')
    .argument(
      '[target]',
      "pod-a, a zone (b), redis, database, load-balancer, a link (client->pod-a), random, or kind:value; default: the fault's own (see --list)",
    )
    .option('--list', 'list the fault types and exit')
    .option('--param <key=value>', 'a fault parameter (repeatable), e.g. latencyMs=500', collect, [])
    .option(
      '--duration <seconds>',
      `how long the fault holds before it heals (at most ${MAX_HOLD_SECONDS} s)`,
      positiveNumber('--duration'),
      DEFAULT_HOLD_SECONDS,
    )
    .option('--run-id <id>', `the stack's ${LABEL.run} label`, COMPOSE_RUN_ID)
    .option('--seed <n>', 'seed for a random target', wholeNumber('--seed'), 1)
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  drill fault pod-kill pod-a --duration 10',
        '  drill fault zone-loss b              # zone a would take the database primary too',
        '  drill fault database-failover        # once per stack: scripts/compose down && up to reset',
        '  drill fault redis-stop --duration 20',
        '  drill fault link-latency database --param latencyMs=500 --param jitterMs=100',
        'Exit codes: 0 injected and healed, 2 a step failed or the arguments are wrong.',
      ].join('\n'),
    )
    .action(async (name: string | undefined, word: string | undefined, o: FaultCommandOptions) => {
      if (o.list) {
        listFaults();
        return;
      }
      if (!name) throw new InvalidArgumentError('name a fault type (drill fault --list)');
      process.exitCode = await runFault(name, word, o);
    });
}
