import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { getFreePort } from '../../../harness/env/local/free-port.js';
import { startGateway as startGatewayProcess } from '../support/start-gateway.js';
import type { Stack } from '../support/stack.js';

const DOWN_FOR_MS = 2_000;
const READY_AFTER_MS = 15_000;
let coldPods = 0;

/** /health's status code, or 0 when nothing answers (not listening yet). */
async function healthStatus(url: string): Promise<number> {
  try {
    const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1_000) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * A pod started while its database is down (a new version that cannot reach it yet): /health is
 * sampled every 100 ms while the database stays down, then the database returns and the pod must
 * become ready by itself.
 */
export async function databaseDownAtStart(stack: Stack) {
  const { infra } = stack;
  const port = await getFreePort();
  const url = `http://127.0.0.1:${port}`;
  await infra.pg.stop();
  let starting: ReturnType<typeof startGatewayProcess> | undefined;
  const whileDown: number[] = [];
  try {
    starting = startGatewayProcess({
      pod: `cold-pod-${process.pid}-${++coldPods}`,
      databaseUrl: infra.databaseUrl,
      redisUrl: infra.redisUrl,
      env: stack.env,
      logDir: infra.logDir,
      port,
      readyTimeoutMs: DOWN_FOR_MS + READY_AFTER_MS + 10_000,
    });
    starting.catch(() => undefined);
    const until = Date.now() + DOWN_FOR_MS;
    while (Date.now() < until) {
      whileDown.push(await healthStatus(url));
      await sleep(100);
    }
  } finally {
    await infra.pg.start();
  }
  stack.pods.push(await starting);
  let statusAfter = 0;
  const deadline = Date.now() + READY_AFTER_MS;
  while (statusAfter !== 200 && Date.now() < deadline) {
    statusAfter = await healthStatus(url);
    if (statusAfter !== 200) await sleep(100);
  }
  return { whileDown, statusAfter };
}

export function assertNotReadyWhileDatabaseUnreachable(o: Awaited<ReturnType<typeof databaseDownAtStart>>) {
  expect(o.whileDown.length, 'health was sampled while the database was down').toBeGreaterThan(5);
  expect(
    o.whileDown.filter((status) => status === 200),
    'no /health 200 before the pod has reached its database',
  ).toEqual([]);
}

export function assertReadyOnceDatabaseReachable(o: Awaited<ReturnType<typeof databaseDownAtStart>>) {
  expect(o.statusAfter, 'the pod becomes ready by itself once the database is reachable').toBe(200);
}
