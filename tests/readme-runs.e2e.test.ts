import { spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../harness/env/local/free-port.js';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

// The README's `--target URL` example, run for real against a small gateway of a user's own
// (tests/support/readme-gateway.mjs) already running: nothing is booted. The command-started
// example runs from the installed package in npm-pack.e2e.test.ts; readme-examples.test.ts loads
// and validates every example, the image one included.
const ROOT = resolve(import.meta.dirname, '..');
const API = join(ROOT, 'harness', 'api.ts');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const GATEWAY = join(import.meta.dirname, 'support', 'readme-gateway.mjs');

function readmeConfigs(): string[] {
  const marker = /<!-- readme-example: config -->\s*\n```ts\n([\s\S]*?)\n```/g;
  return [...README.matchAll(marker)].map((m) =>
    m[1]!.replaceAll("from 'runbook-drill'", `from ${JSON.stringify(API)}`),
  );
}

/** A user's repository: the gateway as server.js and the README's config beside it. */
function project(dir: string, config: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  copyFileSync(GATEWAY, join(dir, 'server.js'));
  writeFileSync(join(dir, 'drill.config.ts'), config);
  return join(dir, 'drill.config.ts');
}

function resultIn(out: string): RunResult {
  const [run] = readdirSync(out).filter((d) => d.endsWith('-observe'));
  expect(run).toBeDefined();
  return JSON.parse(readFileSync(join(out, run!, 'result.json'), 'utf8')) as RunResult;
}
const verdictOf = (r: RunResult, id: string) => r.criteria.find((c) => c.criterion === id)?.verdict;

describe('README: the examples run against a gateway of our own', () => {
  // Inside the repository, so that `node server.js` finds socket.io in its node_modules, as it would
  // in a user's repository.
  let work: string;
  let running: ChildProcess | undefined;
  beforeAll(() => {
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    work = mkdtempSync(join(ROOT, '.tmp', 'readme-runs-'));
  });
  afterAll(() => {
    if (running?.pid !== undefined && running.exitCode === null) running.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
  });

  it('the --target URL config: boots nothing, drives the running gateway through the fault proxy, and refuses what its hooks cannot do', async () => {
    const example = readmeConfigs().find((c) => /hooks: \{/.test(c));
    expect(example).toBeDefined();
    // The README's hooks call kubectl; here they call a script of the project's own.
    const config = example!
      .replace(/kill: '[^']*'/, "kill: './pod-hook {pod}'")
      .replace(/terminate: '[^']*'/, "terminate: './pod-hook {pod}'");
    const dir = join(work, 'target');
    const file = project(dir, config);
    writeFileSync(join(dir, 'pod-hook'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, 'pod-hook'), 0o755);
    const port = await getFreePort();
    running = spawn(process.execPath, ['server.js'], {
      cwd: dir,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((ready, failed) => {
      running!.stdout!.once('data', () => ready());
      running!.once('exit', (code) => failed(new Error(`the gateway exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;

    const refused = await drill([
      'run',
      'single-pod-failure',
      '--target',
      url,
      '--config',
      file,
      '--no-progress',
    ]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/pod-kill/);

    const out = join(dir, 'runs');
    const run = await drill([
      'run',
      'observe',
      '--target',
      url,
      '--config',
      file,
      '--out',
      out,
      '--seed',
      '1',
      '--no-progress',
    ]);
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    const result = resultIn(out);
    expect(result.provider).toBe('external');
    expect(verdictOf(result, 'lost-messages')).toBe('pass');
    expect(result.counters.delivered, 'every client got the broadcasts').toBeGreaterThan(0);
    expect(running.exitCode, 'the running system is left running').toBeNull();
  }, 240_000);
});
