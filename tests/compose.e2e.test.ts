// docker-compose.yml as an engineer uses it: `scripts/compose up` brings the stack up healthy, a
// `drill run observe --attach` watches it while `drill fault pod-kill pod-a` runs in another process,
// the run sees pod-a's clients leave at the fault and come back, and `scripts/compose down` removes
// everything. Skipped, saying why, without a Docker engine, without compose, or without the images.
// It takes the stack labelled drill.run=compose down before and after: an engineer's own is removed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { docker, dockerUnavailableReason } from '../harness/env/containers/docker-engine.js';
import { labelledLeftovers } from '../harness/env/containers/docker-test-support.js';
import { missingImages } from '../harness/env/containers/images.js';
import type { HistoryEvent } from '../harness/history/events.js';
import type { RunResult } from '../harness/runner/result.js';
import { drill } from './support/drill-cli.js';

const ROOT = join(import.meta.dirname, '..');
const COMPOSE = join(ROOT, 'scripts', 'compose');
const FAULT_SECONDS = 3;

const works = (cmd: string, args: string[]) =>
  spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 }).status === 0;

async function composeSkipReason(): Promise<string | null> {
  const unavailable = await dockerUnavailableReason();
  if (unavailable) return `compose test skipped: ${unavailable}`;
  if (!works('docker', ['compose', 'version']) && !works('docker-compose', ['version']))
    return 'compose test skipped: neither `docker compose` nor `docker-compose` works (apt-get install docker-compose)';
  const file = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { version: '1.1' }) as {
    services: Record<string, { image: string }>;
  };
  const missing = await missingImages(docker(), [
    ...new Set(Object.values(file.services).map((s) => s.image)),
  ]);
  if (missing.length > 0)
    return `compose test skipped: images missing (${missing.join(', ')}); run scripts/build-offline-images`;
  return null;
}

interface Ran {
  code: number | null;
  output: string;
  ms: number;
}

function compose(args: string[], timeoutMs: number): Promise<Ran> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(COMPOSE, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, ms: Date.now() - started });
    });
  });
}

const readHistory = (file: string): HistoryEvent[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as HistoryEvent];
      } catch {
        return []; // a line being written
      }
    });

const skip = await composeSkipReason();
if (skip) console.warn(skip);

describe.skipIf(skip !== null)(`docker-compose.yml by hand${skip ? ` [${skip}]` : ''}`, () => {
  let out: string;

  beforeAll(async () => {
    out = await mkdtemp(join(tmpdir(), 'drill-compose-'));
    await compose(['down'], 120_000);
  }, 150_000);

  afterAll(async () => {
    const down = await compose(['down'], 120_000);
    if (down.code !== 0) console.warn(`scripts/compose down after the test failed:\n${down.output}`);
    if (out) await rm(out, { recursive: true, force: true });
  }, 150_000);

  it('comes up healthy, a drill fault is observed by drill run --attach, down removes everything', async () => {
    const up = await compose(['up'], 300_000);
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/stack healthy: 8 of 8 services, every load-balancer server UP/);
    console.log(`scripts/compose up: ${(up.ms / 1000).toFixed(1)} s`);

    const runStarted = Date.now();
    const running = drill([
      'run',
      'observe',
      '--provider',
      'containers',
      '--attach',
      '--time-scale',
      '0.1',
      '--seed',
      '1',
      '--out',
      out,
      '--no-progress',
    ]);
    let exited = false;
    void running.then(() => (exited = true));

    // The fault goes in once the run observes (a client missing at the end of steady state would
    // stop the run before any verdict).
    let historyFile: string | undefined;
    const observing = Date.now() + 120_000;
    for (;;) {
      const dir = existsSync(out) ? readdirSync(out).find((d) => d.endsWith('-observe')) : undefined;
      historyFile = dir ? join(out, dir, 'history.jsonl') : undefined;
      if (historyFile && existsSync(historyFile)) {
        const history = readHistory(historyFile);
        if (history.some((e) => e.type === 'phase' && e.phase === 'observe')) break;
      }
      if (exited || Date.now() > observing) {
        const run = await running;
        throw new Error(`the run never reached its observe phase:\n${run.stdout}\n${run.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    console.log(`drill run --attach observing after ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);

    const faultStart = Date.now();
    const fault = await drill(['fault', 'pod-kill', 'pod-a', '--duration', String(FAULT_SECONDS)]);
    const faultEnd = Date.now();
    expect(fault.code, `${fault.stdout}\n${fault.stderr}`).toBe(0);
    expect(fault.stdout).toMatch(/pod-a killed/);
    expect(fault.stdout).toMatch(/holding for 3 s/);
    expect(fault.stdout).toMatch(/pod-a ready/);
    console.log(
      `drill fault pod-kill pod-a --duration ${FAULT_SECONDS}: ${((faultEnd - faultStart) / 1000).toFixed(1)} s\n${fault.stdout}`,
    );

    const run = await running;
    console.log(`drill run observe --attach: ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
    const history = readHistory(historyFile!);
    const start = history.find((e) => e.type === 'run.start');
    expect(start?.type).toBe('run.start');
    const at0 = start!.type === 'run.start' ? start!.wallClockAt0 : 0;
    const [from, to] = [faultStart - at0, faultEnd - at0];

    // pod-a's clients when the fault began: each left pod-a inside the fault's window and came back.
    const servedBy = new Map<string, string>();
    for (const e of history) {
      if (e.t >= from) break;
      if (e.type === 'client.attach') servedBy.set(e.client, e.pod);
    }
    const onA = [...servedBy].filter(([, pod]) => pod === 'pod-a').map(([client]) => client);
    expect(onA.length, 'clients on pod-a before the fault').toBeGreaterThan(0);
    const unplannedBefore = history.filter((e) => e.type === 'client.disconnect' && !e.planned && e.t < from);
    expect(unplannedBefore, 'no unplanned disconnect before the fault').toEqual([]);
    for (const client of onA) {
      const left = history.find(
        (e) => e.type === 'client.disconnect' && e.client === client && e.t >= from && !e.planned,
      );
      expect(left, `${client} left pod-a`).toBeDefined();
      expect(left!.t, `${client} left inside the fault`).toBeLessThanOrEqual(to);
      if (left!.type === 'client.disconnect') expect(left!.pod).toBe('pod-a');
      const back = history.find((e) => e.type === 'client.attach' && e.client === client && e.t > left!.t);
      expect(back, `${client} reconnected`).toBeDefined();
    }
    const others = history.filter(
      (e) => e.type === 'client.disconnect' && !e.planned && e.t >= from && !onA.includes(e.client),
    );
    expect(others, "only pod-a's clients were disturbed").toEqual([]);

    const runDir = join(out, readdirSync(out).find((d) => d.endsWith('-observe'))!);
    const result = JSON.parse(readFileSync(join(runDir, 'result.json'), 'utf8')) as RunResult;
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(result.verdict).toBe('pass');
    expect(result.provider).toBe('containers');
    console.log(
      `${onA.length} clients on pod-a left and came back; verdicts: ${result.criteria.map((c) => `${c.criterion}=${c.verdict}`).join(' ')}`,
    );

    const down = await compose(['down'], 120_000);
    expect(down.code, down.output).toBe(0);
    console.log(`scripts/compose down: ${(down.ms / 1000).toFixed(1)} s`);
    expect(await labelledLeftovers('compose')).toEqual([]);
  }, 480_000);
});
