import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive } from './proc-table.mjs';
import {
  expectAllGone,
  launchFixture,
  reapFailedFixture,
  type Inventory,
  type LaunchedFixture,
} from './test-support/harness-fixture.js';
import { processTree } from './test-support/probes.js';

const FIXTURE = fileURLToPath(new URL('./test-support/start-and-wait.ts', import.meta.url));
const TEST_TIMEOUT_MS = 120_000;

interface Started {
  reaper: number;
  redis: { pid: number; port: number; dir: string };
  postgres: { pid: number; port: number; dir: string };
  standby: { pid: number; port: number };
}

type Fixture = LaunchedFixture<Started> & Inventory;

let running: Fixture | undefined;

async function launch(env: Record<string, string> = {}): Promise<Fixture> {
  const launched = await launchFixture<Started>(FIXTURE, env, 90_000);
  const started = launched.report;
  const fixture: Fixture = {
    ...launched,
    processes: [started.redis.pid, started.postgres.pid, started.standby.pid, started.reaper].flatMap((pid) =>
      processTree(pid),
    ),
    ports: { redis: started.redis.port, postgres: started.postgres.port, standby: started.standby.port },
    dirs: [started.redis.dir, started.postgres.dir],
  };
  running = fixture;
  return fixture;
}

function expectAllRunning(fixture: Fixture): void {
  const { report: started, processes } = fixture;
  // postmaster + its helper processes, twice (primary and standby), redis, reaper
  expect(processes.length).toBeGreaterThan(8);
  const leaders = [started.reaper, started.redis.pid, started.postgres.pid, started.standby.pid];
  expect(leaders.filter((pid) => !isAlive(pid))).toEqual([]);
  for (const dir of fixture.dirs) expect(existsSync(dir)).toBe(true);
  expect(new Set(leaders).size).toBe(4);
}

afterEach(async () => {
  // A failed test must not leak its fixture.
  const fixture = running;
  running = undefined;
  if (fixture) await reapFailedFixture(fixture, fixture);
}, 60_000);

describe('cleanup when the harness process ends', () => {
  it(
    'SIGKILL of the harness: the reaper stops every server and removes the temp folders',
    async () => {
      const fixture = await launch();
      expectAllRunning(fixture);
      fixture.child.kill('SIGKILL');
      expect(await fixture.exit).toEqual({ code: null, signal: 'SIGKILL' });
      await expectAllGone(fixture, 15_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SIGINT of the harness: everything is killed and it exits with 130',
    async () => {
      const fixture = await launch();
      expectAllRunning(fixture);
      fixture.child.kill('SIGINT');
      expect(await fixture.exit).toEqual({ code: 130, signal: null });
      await expectAllGone(fixture, 10_000);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'SIGINT with a handler of its own: the harness tears down gracefully and exits as it chooses',
    async () => {
      const fixture = await launch({ FIXTURE_GRACEFUL_SIGINT: '1' });
      expectAllRunning(fixture);
      fixture.child.kill('SIGINT');
      expect(await fixture.exit).toEqual({ code: 0, signal: null });
      await expectAllGone(fixture, 10_000);
    },
    TEST_TIMEOUT_MS,
  );
});
