// The reference gateway (system-under-test/gateway) as a target like any other. Only harness/targets
// names it: the runner, checkers and providers know it through this definition alone.
import path from 'node:path';
import { CAPABILITY_NAMES } from './capabilities.js';
import { solePlaceholder, type PlaceholderValues } from './env-template.js';
import { resolveTarget } from './resolve.js';
import type { Target, TargetDefinition } from './target.js';
import type { PodSpec, TopologyServices } from '../env/provider.js';
import { RUNBOOK_METRIC_NAMES } from './metric-names.js';

/** The repository root: the reference's command runs from there. */
const REPO_ROOT = path.resolve(import.meta.dirname, '../..');

/** The variables the provider fills per pod (its port, name, zone and the links to its services). */
export const REFERENCE_POD_ENV = {
  PORT: '{port}',
  HOST: '{host}',
  POD_NAME: '{pod}',
  ZONE: '{zone}',
  DATABASE_URL: '{databaseUrl}',
  REDIS_URL: '{redisUrl}',
} as const satisfies Record<string, string>;

/** The runbook timings scaled by the run, auth, limits and defect switches. */
export const REFERENCE_SCENARIO_ENV = {
  PING_INTERVAL_MS: '{pingIntervalMs}',
  PING_TIMEOUT_MS: '{pingTimeoutMs}',
  DRAIN_TIMEOUT_MS: '{drainTimeoutMs}',
  TERMINATION_GRACE_MS: '{terminationGraceMs}',
  DB_CHECK_INTERVAL_MS: '{checkIntervalMs}',
  REDIS_CHECK_INTERVAL_MS: '{checkIntervalMs}',
  REQUIRE_AUTH: 'true',
  JWT_SECRET: '{jwtSecret}',
  MAX_CONNECTIONS: '{maxConnections}',
  LOG_LEVEL: 'info',
  PRESENCE_TTL_MS: '{presenceTtlMs}',
  SUT_DEFECTS: '{defects}',
} as const satisfies Record<string, string>;

/** The reference's command, from the repository root (local) or the app image's working directory. */
const COMMAND = ['node', '--import', 'tsx', 'system-under-test/gateway/main.ts'] as const;

/**
 * The image the containers provider runs it from: `{appImage}` stands for the harness's own app
 * image (docker/app/Dockerfile; the official or offline build, DRILL_IMAGE_GATEWAY overrides it).
 */
export const APP_IMAGE = '{appImage}';

export function referenceDefinition(): TargetDefinition {
  return {
    name: 'reference',
    description:
      'the reference gateway (system-under-test/gateway): durable, resumable, the runbooks done right',
    local: {
      command: [...COMMAND],
      cwd: '.',
      // Scenario variables first, the pod's own last: docker-compose.yml lists them in this order.
      env: { ...REFERENCE_SCENARIO_ENV, ...REFERENCE_POD_ENV },
    },
    image: {
      name: APP_IMAGE,
      command: [...COMMAND],
      env: { ...REFERENCE_SCENARIO_ENV, ...REFERENCE_POD_ENV },
      port: 3000,
    },
    readinessPath: '/health',
    livenessPath: '/health/database',
    services: { redis: true, postgres: 'primary+standby' },
    loadBalancer: { affinityCookie: true, upgrade: true },
    adapter: { kind: 'drill' },
    capabilities: [...CAPABILITY_NAMES],
    audit: { sql: 'SELECT room, seq, client_msg_id FROM messages WHERE room = ANY($1) ORDER BY room, seq' },
    metrics: { path: '/metrics', names: { ...RUNBOOK_METRIC_NAMES } },
    presence: { path: '/presence/{room}' },
  };
}

/** The reference gateway, resolved (its adapter is the drill adapter over the client SDK). */
export function referenceTarget(): Target {
  return resolveTarget(referenceDefinition(), REPO_ROOT);
}

/**
 * The reference as a pod on the gateway's own defaults, for provider tests that boot a topology
 * without a scenario: the template's pod variables only (PORT, HOST, POD_NAME, ZONE, DATABASE_URL,
 * REDIS_URL), `env` over them.
 */
export function referencePod(env: Record<string, string> = {}): PodSpec {
  const d = referenceDefinition();
  // The scenario variables `env` sets join the template as placeholders with those values, so the
  // provider reads them as a run's (the termination grace); the environment is `env` either way.
  const template: Record<string, string> = { ...REFERENCE_POD_ENV };
  const values: PlaceholderValues = {};
  for (const [variable, t] of Object.entries(REFERENCE_SCENARIO_ENV)) {
    const name = solePlaceholder(t) as keyof PlaceholderValues | undefined;
    const value = env[variable];
    if (name === undefined || value === undefined) continue;
    if (values[name] !== undefined && values[name] !== value) continue;
    template[variable] = t;
    values[name] = value;
  }
  return {
    local: { command: d.local!.command, cwd: REPO_ROOT, baseDir: REPO_ROOT, env: template },
    image: { ...d.image!, env: template },
    readinessPath: d.readinessPath,
    livenessPath: d.livenessPath,
    values,
    env,
  };
}

/** Every service the reference can use: Redis, PostgreSQL and (default) its synchronous standby. */
export function referenceServices(standby = true): TopologyServices {
  return { redis: true, postgres: true, standby };
}
