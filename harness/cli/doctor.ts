import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findExecutable } from '../config/load-config.js';

/** The project root (where scripts/ lives), in the repository or in node_modules/runbook-drill. */
const ROOT = resolve(import.meta.dirname, '..', '..');

/** One system program (or service) a provider needs, found or not. */
export interface Check {
  /** What is needed, e.g. "redis-server". */
  name: string;
  /** What it is for. */
  purpose: string;
  /** Where it was found; null: missing. */
  found: string | null;
  /** Why it is missing, when that says more than "not found". */
  problem?: string;
  /** The command that installs (or starts, or builds) it. */
  fix: string;
  /** Optional: a run works without it (some criteria cannot be judged). */
  optional?: boolean;
  /** The apt package that provides it, gathered into one install line. */
  apt?: string;
}

export interface ProviderReport {
  provider: string;
  description: string;
  checks: Check[];
  /** Every required check passed. */
  ok: boolean;
}

export const DOCTOR_PROVIDERS = {
  local: 'child processes on loopback (the default)',
  browsers: 'real Chromium pages for the browser scenarios (with any provider)',
  containers: 'testcontainers on a Docker engine (--provider containers)',
} as const;

export type DoctorProvider = keyof typeof DOCTOR_PROVIDERS;

const sudo = typeof process.getuid === 'function' && process.getuid() !== 0 ? 'sudo ' : '';
const apt = (pkg: string) => `${sudo}apt-get install -y ${pkg}`;

/** A program named by an environment variable (a path), else on PATH. */
function program(name: string, envVar: string | undefined, env: NodeJS.ProcessEnv): string | null {
  const given = envVar ? env[envVar] : undefined;
  const found = findExecutable(given ?? name, process.cwd(), env.PATH);
  return found.path;
}

/** PostgreSQL's server programs, where the local provider looks (DRILL_PG_BIN, else version 15's folder). */
function postgresCheck(env: NodeJS.ProcessEnv): Check {
  const purpose =
    'PostgreSQL server programs (postgres, initdb, pg_ctl) for the durable store and its standby';
  const programs = ['postgres', 'initdb', 'pg_ctl'];
  const has = (dir: string) => programs.every((p) => findExecutable(join(dir, p), '/').path !== null);
  const expected = env.DRILL_PG_BIN ?? '/usr/lib/postgresql/15/bin';
  const base: Omit<Check, 'found' | 'fix'> = {
    name: 'postgres, initdb, pg_ctl',
    purpose,
    apt: 'postgresql-15',
  };
  if (has(expected)) return { ...base, found: expected, fix: '' };
  const others = existsSync('/usr/lib/postgresql')
    ? readdirSync('/usr/lib/postgresql')
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => join('/usr/lib/postgresql', v, 'bin'))
        .filter(has)
    : [];
  if (others[0] !== undefined)
    return {
      ...base,
      found: null,
      problem: `found in ${others[0]}, but the local provider looks in ${expected}`,
      fix: `export DRILL_PG_BIN=${others[0]}`,
    };
  return {
    ...base,
    found: null,
    problem: `not in ${expected}${env.DRILL_PG_BIN ? ' (DRILL_PG_BIN)' : ''} nor under /usr/lib/postgresql/*/bin`,
    fix: apt('postgresql-15'),
  };
}

function localChecks(env: NodeJS.ProcessEnv): Check[] {
  const redis = program('redis-server', 'DRILL_REDIS_BIN', env);
  const haproxy = program('haproxy', 'DRILL_HAPROXY_BIN', env);
  const prometheus = program('prometheus', 'DRILL_PROMETHEUS_BIN', env);
  return [
    postgresCheck(env),
    {
      name: 'redis-server',
      purpose: 'Redis for cross-pod fan-out and presence',
      found: redis,
      fix: apt('redis-server'),
      apt: 'redis-server',
    },
    {
      name: 'haproxy',
      purpose: 'the load balancer in front of the pods',
      found: haproxy,
      fix: apt('haproxy'),
      apt: 'haproxy',
    },
    {
      name: 'prometheus',
      purpose: 'real Prometheus for the alert criteria',
      found: prometheus,
      fix: apt('prometheus'),
      apt: 'prometheus',
      optional: true,
    },
  ];
}

function browserChecks(env: NodeJS.ProcessEnv): Check[] {
  const given = env.DRILL_CHROMIUM ?? '/usr/bin/chromium';
  const found = findExecutable(given, '/').path;
  return [
    {
      name: 'chromium',
      purpose: 'the browser pages of the browser scenarios',
      found,
      ...(found ? {} : { problem: `not at ${given}${env.DRILL_CHROMIUM ? ' (DRILL_CHROMIUM)' : ''}` }),
      fix: apt('chromium'),
      apt: 'chromium',
    },
  ];
}

async function containerChecks(env: NodeJS.ProcessEnv): Promise<Check[]> {
  const cli = program('docker', undefined, env);
  const checks: Check[] = [
    { name: 'docker', purpose: 'the Docker client', found: cli, fix: apt('docker.io'), apt: 'docker.io' },
  ];
  // Loaded only here: the Docker client is not needed to answer for the other providers.
  const { docker, dockerUnavailableReason } = await import('../env/containers/docker-engine.js');
  const reason = await dockerUnavailableReason();
  checks.push({
    name: 'a Docker engine',
    purpose: 'an engine that answers (DOCKER_HOST or the default socket)',
    found: reason === null ? (env.DOCKER_HOST ?? '/var/run/docker.sock') : null,
    ...(reason === null ? {} : { problem: reason }),
    fix: 'scripts/start-docker',
  });
  if (reason === null) {
    const { imageList, missingImages, OFFICIAL_IMAGES, OFFLINE_IMAGES } = await import(
      '../env/containers/images.js'
    );
    const sets = await Promise.all(
      [OFFICIAL_IMAGES, OFFLINE_IMAGES].map(async (set) => ({
        set,
        missing: await missingImages(docker(), imageList(set)),
      })),
    );
    const whole = sets.find((s) => s.missing.length === 0);
    const offline = sets[1]!;
    checks.push({
      name: 'the images',
      purpose: 'gateway, fault proxy, PostgreSQL, Redis and HAProxy images (nothing is pulled by accident)',
      found: whole ? `the ${whole.set.name} set` : null,
      ...(whole ? {} : { problem: `missing from the offline set: ${offline.missing.join(', ')}` }),
      fix: 'scripts/build-offline-images (no registry needed)',
    });
  } else {
    checks.push({
      name: 'the images',
      purpose: 'gateway, fault proxy, PostgreSQL, Redis and HAProxy images',
      found: null,
      problem: 'cannot tell without an engine',
      fix: 'scripts/start-docker, then scripts/build-offline-images',
    });
  }
  return checks;
}

/** What each provider needs, found or missing. */
export async function diagnose(
  providers: readonly DoctorProvider[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProviderReport[]> {
  const reports: ProviderReport[] = [];
  for (const provider of providers) {
    const checks =
      provider === 'local'
        ? localChecks(env)
        : provider === 'browsers'
          ? browserChecks(env)
          : await containerChecks(env);
    reports.push({
      provider,
      description: DOCTOR_PROVIDERS[provider],
      checks,
      ok: checks.every((c) => c.optional || c.found !== null),
    });
  }
  return reports;
}

/** The report as text: one line a check, then the commands that install what is missing. */
export function renderDoctor(reports: readonly ProviderReport[]): string {
  const lines: string[] = [];
  for (const r of reports) {
    lines.push(`${r.provider}: ${r.description}: ${r.ok ? 'ready' : 'NOT READY'}`);
    for (const c of r.checks) {
      const mark = c.found !== null ? 'ok     ' : c.optional ? 'absent ' : 'MISSING';
      const where = c.found ?? `${c.problem ?? 'not found'}; ${c.optional ? 'optional, ' : ''}fix: ${c.fix}`;
      lines.push(`  ${mark} ${c.name} (${c.purpose}): ${where}`);
    }
  }
  const packages = [
    ...new Set(
      reports.flatMap((r) =>
        r.checks.filter((c) => c.found === null && c.apt && c.fix.includes('apt-get')).map((c) => c.apt!),
      ),
    ),
  ];
  if (packages.length > 0) {
    lines.push('', `install what is missing: ${apt(packages.join(' '))}`);
    if (existsSync(join(ROOT, 'scripts', 'bootstrap')) && existsSync(join(ROOT, '.git')))
      lines.push('or, in this repository, everything at once: scripts/bootstrap');
  }
  return `${lines.join('\n')}\n`;
}
