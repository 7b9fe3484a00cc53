// docker-compose.yml rendered from the provider's own plan (planStack), so that the stack an engineer
// starts by hand is the topology the containers provider boots: same images, commands, environment,
// labels, HAProxy configuration and fault-proxy links. Only the host ports differ: fixed here
// (COMPOSE_HOST_PORTS), free ports in a provider run.
import path from 'node:path';
import { Document } from 'yaml';
import { format, resolveConfig } from 'prettier';
import singlePodFailure from '../scenarios/single-pod-failure.js';
import { loadBalancerFor, topologySpecFor } from '../harness/runner/gateway-env.js';
import { referenceTarget } from '../harness/targets/reference.js';
import { PROFILES } from '../harness/runner/profiles.js';
import type { ScenarioDefinition } from '../harness/runner/scenario.js';
import type { TopologySpec } from '../harness/env/provider.js';
import { COMPOSE_RUN_ID } from '../harness/env/containers/attach.js';
import { OFFLINE_IMAGES, type ImageSet } from '../harness/env/containers/images.js';
import {
  LABEL,
  planStack,
  PORTS,
  type ContainerPlan,
  type StackPlan,
} from '../harness/env/containers/stack-plan.js';

/**
 * The gateways' JWT secret in docker-compose.yml: a fixed development secret, public in this
 * repository. `drill run --attach` reads it back from the running pods to sign its clients' tokens.
 */
export const COMPOSE_JWT_SECRET = 'runbook-drill-compose-dev-secret-not-a-secret';

export const COMPOSE_PROJECT = 'runbook-drill';
export const COMPOSE_NETWORK = 'runbook-drill';
/** Where the files a container reads (plan.files) are written, relative to the repository root. */
export const COMPOSE_FILES_DIR = 'docker/compose';
export const COMPOSE_FILE = 'docker-compose.yml';
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Host ports on 127.0.0.1; fixed so that an engineer can type them. */
export const COMPOSE_HOST_PORTS = {
  lbFrontend: 8080,
  lbStats: 8404,
  lbRuntime: 9999,
  faultProxyApi: 8474,
  /** pod-a 3001, pod-b 3002, … */
  firstPod: 3001,
  postgresPrimary: 5432,
  postgresStandby: 5433,
} as const;

export interface ComposeOptions {
  scenario?: ScenarioDefinition;
  timeScale?: number;
  /** the run's client count (the gateways' MAX_CONNECTIONS follows it) */
  clients?: number;
  images?: ImageSet;
}

export interface GeneratedFile {
  /** relative to the repository root */
  path: string;
  content: string;
}

/** The defaults: `drill run single-pod-failure --time-scale 0.1` with the quick profile's clients. */
export function composeDefaults(options: ComposeOptions = {}): Required<ComposeOptions> {
  return {
    scenario: options.scenario ?? singlePodFailure,
    timeScale: options.timeScale ?? PROFILES.quick!.timeScale,
    clients: options.clients ?? PROFILES.quick!.clients ?? singlePodFailure.load.clients,
    images: options.images ?? OFFLINE_IMAGES,
  };
}

/** The topology a run of the scenario boots, with the compose stack's fixed secret. */
export function composeSpec(options: ComposeOptions = {}): TopologySpec {
  const { scenario, timeScale, clients } = composeDefaults(options);
  // The reference gateway: the app image docker/app/Dockerfile builds.
  return topologySpecFor(referenceTarget(), scenario, {
    timeScale,
    clients,
    jwtSecret: COMPOSE_JWT_SECRET,
    logDir: 'unused',
  });
}

export function composePlan(options: ComposeOptions = {}): StackPlan {
  const { scenario, timeScale, images } = composeDefaults(options);
  return planStack(composeSpec(options), {
    runId: COMPOSE_RUN_ID,
    images,
    loadBalancer: loadBalancerFor(scenario, timeScale),
  });
}

/** The fixed host port of one container port. */
export function composeHostPort(
  container: ContainerPlan,
  containerPort: number,
  pods: readonly string[],
): number {
  const p = COMPOSE_HOST_PORTS;
  const key = `${container.role}:${containerPort}`;
  const fixed: Record<string, number> = {
    [`haproxy:${PORTS.lbFrontend}`]: p.lbFrontend,
    [`haproxy:${PORTS.lbStats}`]: p.lbStats,
    [`haproxy:${PORTS.lbRuntime}`]: p.lbRuntime,
    [`fault-proxy:${PORTS.faultProxyApi}`]: p.faultProxyApi,
    [`postgres-primary:${PORTS.postgres}`]: p.postgresPrimary,
    [`postgres-standby:${PORTS.postgres}`]: p.postgresStandby,
  };
  if (container.role === 'gateway' && containerPort === PORTS.gateway) {
    return p.firstPod + pods.indexOf(container.alias);
  }
  const port = fixed[key];
  if (port === undefined)
    throw new Error(`docker-compose.yml: no host port for ${container.alias}:${containerPort}`);
  return port;
}

/** Compose interpolates $VAR in every value: a literal $ is written $$. */
const literal = (value: string): string => value.replaceAll('$', '$$$$');

function fileOf(container: ContainerPlan, inContainer: string): string {
  return `${COMPOSE_FILES_DIR}/${container.alias}/${path.posix.basename(inContainer)}`;
}

function service(container: ContainerPlan, plan: StackPlan): Record<string, unknown> {
  const pods = plan.pods.map((p) => p.name);
  const files = Object.keys(container.files);
  return {
    image: container.image,
    // v2 honours it; v1 (Debian's docker-compose 1.29) ignores it: scripts/compose checks images first.
    pull_policy: 'never',
    container_name: `${COMPOSE_PROJECT}-${container.alias}`,
    command: container.command.map(literal),
    ...(Object.keys(container.env).length > 0
      ? { environment: Object.fromEntries(Object.entries(container.env).map(([k, v]) => [k, literal(v)])) }
      : {}),
    labels: Object.fromEntries(Object.entries(container.labels).map(([k, v]) => [k, literal(v)])),
    ...(container.ports.length > 0
      ? {
          ports: container.ports.map((port) => `127.0.0.1:${composeHostPort(container, port, pods)}:${port}`),
        }
      : {}),
    ...(files.length + Object.keys(container.sources).length > 0
      ? {
          volumes: [
            ...files.map((target) => `./${fileOf(container, target)}:${target}:ro`),
            // The repository's own file, not a copy of it.
            ...Object.entries(container.sources).map(([target, source]) => `./${source}:${target}:ro`),
          ],
        }
      : {}),
    healthcheck: {
      test: ['CMD', ...container.healthcheck.map(literal)],
      interval: '1s',
      timeout: '5s',
      retries: 60,
    },
    ...(container.dependsOn.length > 0
      ? {
          depends_on: Object.fromEntries(
            container.dependsOn.map((alias) => [alias, { condition: 'service_healthy' }]),
          ),
        }
      : {}),
    networks: { drill: { aliases: [container.alias] } },
  };
}

function header(options: Required<ComposeOptions>): string {
  const p = COMPOSE_HOST_PORTS;
  const s = options.scenario;
  return [
    " Generated by scripts/generate-compose.ts from the containers provider's plan",
    ' (harness/env/containers/stack-plan.ts): do not edit, regenerate (npm run compose:generate -- --help).',
    ` Gateway settings: \`drill run ${s.name} --time-scale ${options.timeScale}\` with ${options.clients} clients;`,
    ` images: the '${options.images.name}' set.`,
    '',
    ' scripts/compose up      # checks that every image is local (nothing is pulled), waits until healthy',
    ` npx drill run observe --provider containers --attach --time-scale ${options.timeScale}`,
    ' npx drill fault pod-kill pod-a --duration 10     # in another terminal; drill fault --list',
    ' scripts/compose down    # removes every container, volume and the network',
    '',
    ` Host ports (127.0.0.1): load balancer ${p.lbFrontend}, HAProxy stats ${p.lbStats}, HAProxy runtime API ${p.lbRuntime},`,
    ` fault proxy (Toxiproxy API) ${p.faultProxyApi}, pods ${p.firstPod}…, PostgreSQL primary ${p.postgresPrimary}, standby ${p.postgresStandby}.`,
    ` JWT_SECRET is a fixed development secret (${COMPOSE_JWT_SECRET}), public in this repository.`,
    ' No restart policy: a killed pod stays down until `drill fault` heals it.',
    ` Every container and the network carry the label ${LABEL.run}=${COMPOSE_RUN_ID}.`,
  ].join('\n');
}

/** docker-compose.yml's text (before formatting). */
export function renderCompose(options: ComposeOptions = {}): string {
  const resolved = composeDefaults(options);
  const plan = composePlan(resolved);
  // YAML 1.1, as docker-compose v1 (PyYAML) reads it: `no`, `on`, `y` are quoted to stay strings.
  const doc = new Document(
    {
      services: Object.fromEntries(plan.containers.map((c) => [c.alias, service(c, plan)])),
      networks: {
        drill: { name: COMPOSE_NETWORK, labels: { [LABEL.run]: COMPOSE_RUN_ID } },
      },
    },
    { version: '1.1' },
  );
  doc.commentBefore = header(resolved);
  return doc.toString({ lineWidth: 0 });
}

/** Formatted like the rest of the repository, so `prettier --check .` accepts the generated files. */
async function formatted(file: string, content: string): Promise<string> {
  const ext = path.extname(file);
  if (ext !== '.yml' && ext !== '.json') return content;
  const config = await resolveConfig(path.join(REPO_ROOT, file));
  return format(content, { ...config, filepath: file });
}

/** Every file the stack needs: docker-compose.yml and the files its containers mount. */
export async function composeFiles(options: ComposeOptions = {}): Promise<GeneratedFile[]> {
  const resolved = composeDefaults(options);
  const plan = composePlan(resolved);
  const files: GeneratedFile[] = [{ path: COMPOSE_FILE, content: renderCompose(resolved) }];
  for (const container of plan.containers) {
    for (const [target, content] of Object.entries(container.files)) {
      files.push({ path: fileOf(container, target), content });
    }
  }
  return Promise.all(files.map(async (f) => ({ path: f.path, content: await formatted(f.path, f.content) })));
}
