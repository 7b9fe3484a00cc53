// Everything a containers run starts carries its run label and is removed when the run is
// interrupted (Ctrl-C: the runner heals and tears down) and when the runner is SIGKILLed (the
// watchdog removes it). Skipped, saying why, without a Docker engine or the images.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../harness/env/containers/docker-engine.js';
import { containersSkipReason } from '../harness/env/containers/docker-test-support.js';
import { LABEL } from '../harness/env/containers/stack-plan.js';
import { DRILL } from './support/drill-cli.js';

const skip = await containersSkipReason();
if (skip) console.warn(skip);

/** Containers and networks whose run label starts with `prefix`. */
async function labelled(prefix: string): Promise<string[]> {
  const [containers, networks] = await Promise.all([
    docker().listContainers({ all: true, filters: { label: [LABEL.run] } }),
    docker().listNetworks({ filters: { label: [LABEL.run] } }),
  ]);
  return [
    ...containers
      .filter((c) => c.Labels[LABEL.run]?.startsWith(`${prefix}-`))
      .map((c) => `container ${c.Names[0]}`),
    ...networks
      .filter((n) => n.Labels?.[LABEL.run]?.startsWith(`${prefix}-`))
      .map((n) => `network ${n.Name}`),
  ];
}

async function until<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!ok(value) && Date.now() < deadline) {
    await sleep(250);
    value = await probe();
  }
  return value;
}

/** Starts a containers run and resolves once its fault is injected (the whole stack is up). */
function startRun(out: string, prefix: string): Promise<{ child: ChildProcess; output: () => string }> {
  const child = spawn(
    process.execPath,
    [
      DRILL,
      'run',
      'single-pod-failure',
      '--provider',
      'containers',
      '--time-scale',
      '0.1',
      '--clients',
      '20',
      '--out',
      out,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', DRILL_RUN_LABEL: prefix } },
  );
  let text = '';
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      text += d.toString();
      if (/faults: pod-kill/.test(text)) resolve({ child, output: () => text });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`drill exited (${code}) before the fault:\n${text}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

describe.skipIf(skip !== null)(
  `containers are removed after an interrupted run${skip ? ` [${skip}]` : ''}`,
  () => {
    let out: string;
    beforeAll(async () => {
      out = await mkdtemp(join(tmpdir(), 'drill-containers-interrupt-'));
    });
    afterAll(async () => rm(out, { recursive: true, force: true }));

    it(
      'Ctrl-C: the run stops and removes every container and its network',
      { timeout: 120_000 },
      async () => {
        const prefix = `int-${randomBytes(3).toString('hex')}`;
        const { child, output } = await startRun(join(out, 'sigint'), prefix);
        expect((await labelled(prefix)).length, 'the stack carries the run label').toBeGreaterThanOrEqual(9);
        child.kill('SIGINT');
        const code = await exited(child);
        expect(code, output()).not.toBe(0);
        // At once, not polled: the run itself removed everything before it exited (the watchdog, which
        // acts only after the exit, is disarmed by a normal teardown).
        expect(await labelled(prefix)).toEqual([]);
      },
    );

    it(
      'SIGKILL of the runner: the watchdog removes every container and its network',
      { timeout: 120_000 },
      async () => {
        const prefix = `kill-${randomBytes(3).toString('hex')}`;
        const { child } = await startRun(join(out, 'sigkill'), prefix);
        expect((await labelled(prefix)).length).toBeGreaterThanOrEqual(9);
        child.kill('SIGKILL');
        await exited(child);
        expect(
          await until(
            () => labelled(prefix),
            (left) => left.length === 0,
            30_000,
          ),
        ).toEqual([]);
      },
    );
  },
);
