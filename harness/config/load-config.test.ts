import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, findExecutable, loadConfig } from './load-config.js';
import { isScenarioPath, loadScenarioFile, unsupportedCriteria } from './scenario-files.js';
import { templateProblems } from './templates.js';

const API = resolve(import.meta.dirname, '..', 'api.ts');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'drill-config-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const target = (over: Record<string, unknown> = {}, adapter: Record<string, unknown> = {}) => ({
  name: 'mine',
  local: { command: ['node', 'server.js'], env: { PORT: '{port}', REDIS_URL: '{redisUrl}' } },
  readinessPath: '/health',
  livenessPath: null,
  services: { redis: true, postgres: 'none' },
  loadBalancer: { affinityCookie: true, upgrade: true },
  capabilities: ['health'],
  adapter: {
    kind: 'socketio-events',
    join: { emit: 'join', data: { room: '{room}' } },
    send: { emit: 'chat', data: { room: '{room}', text: '{correlationId} {body}' } },
    receive: { on: 'chat', field: 'text' },
    echo: false,
    ...adapter,
  },
  ...over,
});

const configFile = (config: unknown) =>
  `import { defineConfig } from ${JSON.stringify(API)};\nexport default defineConfig(${JSON.stringify(config, null, 2)} as never);\n`;

async function problemOf(config: unknown, extra: Record<string, string> = {}): Promise<string> {
  const dir = project({ 'drill.config.ts': configFile(config), 'server.js': '', ...extra });
  const error = await loadConfig(undefined, dir).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return (error as Error).message;
}

describe('loadConfig', () => {
  it('without a config file, the target is the reference gateway', async () => {
    const loaded = await loadConfig(undefined, project({}));
    expect(loaded.file).toBeNull();
    expect(loaded.target.definition.name).toBe('reference');
  });

  it('loads drill.config.ts from the directory, resolving paths from its folder', async () => {
    const dir = project({
      'drill.config.ts': configFile({
        target: target(),
        profile: 'nightly',
        scenarios: ['scenarios'],
        out: 'runs',
      }),
      'server.js': '',
      'scenarios/.keep': '',
    });
    const loaded = await loadConfig(undefined, dir);
    expect(loaded.file).toBe(join(dir, 'drill.config.ts'));
    expect(loaded.target.definition.name).toBe('mine');
    expect(loaded.target.baseDir).toBe(dir);
    expect([...loaded.target.capabilities]).toEqual(['health']);
    expect(loaded.profile).toBe('nightly');
    expect(loaded.scenarioDirs).toEqual([join(dir, 'scenarios')]);
    expect(loaded.out).toBe(join(dir, 'runs'));
  });

  it('--config FILE may be anywhere and named anything', async () => {
    const dir = project({ 'conf/target.ts': configFile({ target: target() }), 'conf/server.js': '' });
    const loaded = await loadConfig('conf/target.ts', dir);
    expect(loaded.target.baseDir).toBe(join(dir, 'conf'));
  });

  it('loads the plain gateway’s own config', async () => {
    const loaded = await loadConfig(
      resolve(import.meta.dirname, '../../system-under-test/plain-gateway/drill.config.ts'),
    );
    expect(loaded.target.definition.name).toBe('plain-gateway');
  });

  it('a missing --config file is an error naming it', async () => {
    await expect(loadConfig('nope.ts', project({}))).rejects.toThrow(/no config file .*nope\.ts/);
  });

  it('a config with no default export says how to write one', async () => {
    const dir = project({ 'drill.config.ts': 'export const x = 1;\n' });
    await expect(loadConfig(undefined, dir)).rejects.toThrow(/no default export.*defineConfig/);
  });

  it('an unknown field is an error naming its path', async () => {
    expect(await problemOf({ target: target({}, { sendd: 1 }) })).toMatch(
      /target\.adapter\.sendd: unknown field/,
    );
    expect(await problemOf({ target: target(), profiel: 'quick' })).toMatch(/profiel: unknown field/);
    expect(await problemOf({ target: target({ locall: {} }) })).toMatch(/target\.locall: unknown field/);
  });

  it('a template that does not parse, or names an unknown placeholder, is an error', async () => {
    const m1 = await problemOf({
      target: target({}, { send: { emit: 'chat', data: { text: '{correlationId {body}' } } }),
    });
    expect(m1).toMatch(/target\.adapter\.send\.data\.text: .*brace/);
    const m2 = await problemOf({
      target: target({ local: { command: ['node', 'server.js'], env: { PORT: '{prot}' } } }),
    });
    expect(m2).toMatch(/target\.local\.env\.PORT: .*unknown placeholder \{prot\}/);
    const m3 = await problemOf({
      target: target({
        local: { command: ['node', 'server.js'], env: { R: '{redisUrl}' } },
        services: { redis: false, postgres: 'none' },
      }),
    });
    expect(m3).toMatch(/target\.local\.env\.R: \{redisUrl\} .*services\.redis is false/);
  });

  it('{token} without the jwt-auth capability is an error: tokens are signed only for a target that verifies them', async () => {
    expect(await problemOf({ target: target({}, { auth: { token: '{token}' } }) })).toMatch(
      /target\.adapter: \{token\} is used but capability 'jwt-auth' is not declared/,
    );
  });

  it('an unknown adapter kind, capability or profile is an error', async () => {
    expect(await problemOf({ target: target({}, { kind: 'mqtt' }) })).toMatch(
      /target\.adapter\.kind: .*'drill' or 'socketio-events'/,
    );
    expect(await problemOf({ target: target({ capabilities: ['telepathy'] }) })).toMatch(
      /target\.capabilities\[0\]/,
    );
    expect(await problemOf({ profile: 'weekly' })).toMatch(/profile: no profile "weekly"; known: .*quick/);
  });

  it('a command that is not executable, a missing cwd or scenario folder is an error', async () => {
    expect(await problemOf({ target: target({ local: { command: ['no-such-program-xyz'] } }) })).toMatch(
      /target\.local\.command\[0\]: no-such-program-xyz is not an executable program on PATH/,
    );
    expect(await problemOf({ target: target({ local: { command: ['./server.js'] } }) })).toMatch(
      /target\.local\.command\[0\]: .*server\.js is not an executable file/,
    );
    expect(await problemOf({ target: target({ local: { command: ['node'], cwd: 'gone' } }) })).toMatch(
      /target\.local\.cwd: .*gone is not a folder/,
    );
    expect(await problemOf({ scenarios: ['nowhere'] })).toMatch(/scenarios\[0\]: .*nowhere is not a folder/);
  });

  it('an executable relative to the working directory is found', () => {
    const dir = project({ 'bin/start': '#!/bin/sh\n' });
    chmodSync(join(dir, 'bin/start'), 0o755);
    expect(findExecutable('./bin/start', dir).path).toBe(join(dir, 'bin/start'));
    expect(findExecutable('sh', dir).path).toMatch(/\/sh$/);
  });
});

describe('templates', () => {
  it('parse placeholders and refuse stray braces', () => {
    expect(templateProblems('{a} and {b}', ['a', 'b'])).toEqual([]);
    expect(templateProblems('{a', ['a'])[0]).toMatch(/does not parse/);
    expect(templateProblems('a}', ['a'])[0]).toMatch(/does not parse/);
    expect(templateProblems('{c}', ['a'])[0]).toMatch(/unknown placeholder \{c\}/);
  });
});

describe('scenario files', () => {
  it('tells a path from a scenario name', () => {
    expect(isScenarioPath('./my-scenario.ts')).toBe(true);
    expect(isScenarioPath('my-scenario.ts')).toBe(true);
    expect(isScenarioPath('scenarios/x')).toBe(true);
    expect(isScenarioPath('single-pod-failure')).toBe(false);
  });

  it('a file that does not export a scenario is refused, saying so', async () => {
    const dir = project({ 'a.ts': 'export const x = 1;\n', 'b.ts': 'export default { name: "b" };\n' });
    await expect(loadScenarioFile('a.ts', dir)).rejects.toThrow(
      /a\.ts does not export a scenario: it has no default export/,
    );
    await expect(loadScenarioFile('b.ts', dir)).rejects.toThrow(
      /b\.ts does not export a scenario:\n.*title: required/s,
    );
    await expect(loadScenarioFile('c.ts', dir)).rejects.toThrow(/no scenario file .*c\.ts/);
  });

  it('the worked example validates, and names no criterion the plain gateway lacks… but lost-acked would be', async () => {
    const { scenario } = await loadScenarioFile(
      resolve(import.meta.dirname, '../../examples/my-scenario.ts'),
    );
    expect(scenario.name).toBe('my-pod-kill');
    const plain = (
      await loadConfig(resolve(import.meta.dirname, '../../system-under-test/plain-gateway/drill.config.ts'))
    ).target;
    expect(unsupportedCriteria(scenario, plain)).toEqual([]);
    const asking = {
      ...scenario,
      criteria: [...scenario.criteria, { id: 'lost-acked', threshold: 0, source: 'mine' }],
    };
    expect(unsupportedCriteria(asking as never, plain).join('\n')).toMatch(
      /criterion lost-acked needs 'acks'.*which the target plain-gateway lacks/,
    );
  });
});
