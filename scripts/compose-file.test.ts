import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import observe from '../scenarios/observe.js';
import singlePodFailure from '../scenarios/single-pod-failure.js';
import { loadBalancerFor, scenarioValues, type GatewayEnvOptions } from '../harness/runner/gateway-env.js';
import { fillTemplate } from '../harness/targets/env-template.js';
import { REFERENCE_SCENARIO_ENV } from '../harness/targets/reference.js';
import type { ScenarioDefinition } from '../harness/runner/scenario.js';

/** What a run of the scenario gives the reference gateways, beside their own variables. */
const gatewayEnvFor = (scenario: ScenarioDefinition, opts: GatewayEnvOptions) => ({
  ...fillTemplate(REFERENCE_SCENARIO_ENV, scenarioValues(scenario, opts)),
  ...scenario.gatewayEnv,
});
import { renderHaproxyConfig } from '../harness/env/local/haproxy.js';
import {
  COMPOSE_FILE,
  COMPOSE_FILES_DIR,
  COMPOSE_JWT_SECRET,
  composeFiles,
  REPO_ROOT,
} from './compose-file.js';

interface Service {
  image: string;
  container_name: string;
  command: unknown[];
  environment?: Record<string, unknown>;
  labels: Record<string, unknown>;
  ports?: string[];
  volumes?: string[];
  healthcheck: { test: unknown[] };
  depends_on?: Record<string, { condition: string }>;
  networks: Record<string, { aliases: string[] }>;
}

const committed = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(REPO_ROOT, path.join(d.parentPath, d.name)))
    .sort();
}

// docker-compose v1 reads YAML 1.1 (PyYAML): `no` or `on` unquoted would be booleans there.
const compose = parse(committed(COMPOSE_FILE), { version: '1.1' }) as {
  services: Record<string, Service>;
  networks: Record<string, { name: string; labels: Record<string, string> }>;
};
const services = Object.entries(compose.services);

describe('docker-compose.yml', () => {
  it('is the generator output, docker/compose/** too, with no stale file (npm run compose:generate)', async () => {
    const generated = await composeFiles();
    for (const file of generated) expect(committed(file.path), file.path).toBe(file.content);
    expect(filesUnder(COMPOSE_FILES_DIR)).toEqual(
      generated
        .map((f) => f.path)
        .filter((p) => p.startsWith(`${COMPOSE_FILES_DIR}/`))
        .sort(),
    );
  });

  it("gives HAProxy the local provider's configuration, rendered by renderHaproxyConfig", () => {
    const expected = renderHaproxyConfig({
      frontendPort: 8080,
      statsPort: 8404,
      statsSocket: 'ipv4@0.0.0.0:9999',
      bindAddress: '0.0.0.0',
      serverStateFile: '/drill/server-state',
      servers: [
        { name: 'pod-a', host: 'fault-proxy', port: 20000 },
        { name: 'pod-b', host: 'fault-proxy', port: 20003 },
        { name: 'pod-c', host: 'fault-proxy', port: 20006 },
      ],
      settings: loadBalancerFor(singlePodFailure, 0.1),
      generation: 1,
    });
    expect(committed(`${COMPOSE_FILES_DIR}/haproxy/haproxy.cfg`)).toBe(expected);
    expect(compose.services.haproxy!.volumes).toEqual([
      `./${COMPOSE_FILES_DIR}/haproxy/haproxy.cfg:/drill-src/haproxy.cfg:ro`,
    ]);
  });

  it('runs the gateways with what `drill run single-pod-failure --time-scale 0.1` gives them, and the fixed dev secret', () => {
    const run = gatewayEnvFor(singlePodFailure, {
      timeScale: 0.1,
      clients: 60,
      jwtSecret: COMPOSE_JWT_SECRET,
    });
    const pods = services.filter(([, s]) => s.labels['drill.role'] === 'gateway');
    expect(pods.map(([name]) => name)).toEqual(['pod-a', 'pod-b', 'pod-c']);
    for (const [name, s] of pods) {
      expect(s.environment, name).toMatchObject(run);
      expect(s.environment!.POD_NAME).toBe(name);
    }
    // `drill run observe --attach` checks these against the stack: they must agree.
    const observed = gatewayEnvFor(observe, { timeScale: 0.1, clients: 60, jwtSecret: COMPOSE_JWT_SECRET });
    expect(observed).toEqual(run);
  });

  it('is plain strings where compose wants strings, labelled, on one network, with distinct fixed host ports', () => {
    const hostPorts: string[] = [];
    for (const [name, s] of services) {
      expect(s.container_name).toBe(`runbook-drill-${name}`);
      for (const value of [...s.command, ...s.healthcheck.test, ...Object.values(s.environment ?? {})])
        expect(typeof value, `${name}: ${String(value)}`).toBe('string');
      expect(s.labels['drill.run'], name).toBe('compose');
      expect(s.networks, name).toEqual({ drill: { aliases: [name] } });
      for (const dep of Object.values(s.depends_on ?? {})) expect(dep.condition).toBe('service_healthy');
      for (const port of s.ports ?? []) {
        expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
        hostPorts.push(port.split(':')[1]!);
      }
      expect(s, name).not.toHaveProperty('restart');
    }
    expect(new Set(hostPorts).size).toBe(hostPorts.length);
    expect(compose.services.redis!.command).toContain('no');
    expect(compose.networks.drill).toEqual({ name: 'runbook-drill', labels: { 'drill.run': 'compose' } });
  });
});
