import { expect } from 'vitest';
import { committed, token, uniqueRoom, type Stack } from '../support/stack.js';
import { rawSocket } from '../support/observer.js';
import type { SendReply } from '../../protocol.js';

async function getJson(url: string) {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as unknown };
}

/**
 * The database stopped under a pod: both health endpoints answer 503 with the runbook's JSON,
 * sends fail with a retryable error, and once it returns nothing acked is missing.
 */
export async function databaseOutage(stack: Stack) {
  const room = uniqueRoom('dbdown');
  const pod = stack.pod(0);
  const raw = await rawSocket(pod.url, { token: token('kim') });
  const sdk = stack.client('lee', [pod.url], { sendTimeoutMs: 60_000 });
  await sdk.connect();
  await sdk.join(room);
  const before = await sdk.send(room, 'before the outage');

  await stack.infra.pg.stop();
  const health = await getJson(`${pod.url}/health`);
  const healthDatabase = await getJson(`${pod.url}/health/database`);
  const rawSends: SendReply[] = [];
  for (let i = 0; i < 3; i++) {
    rawSends.push(
      (await raw.emitWithAck('message:send', { room, clientMsgId: `raw-${i}`, body: 'during' })) as SendReply,
    );
  }
  const pending = Array.from({ length: 5 }, (_, i) => sdk.send(room, `queued ${i}`));
  await new Promise((r) => setTimeout(r, 1_000));

  await stack.infra.pg.start();
  const settled = await Promise.allSettled(pending);
  raw.close();
  const healthAfter = await getJson(`${pod.url}/health`);
  const rawAckedIds = rawSends.flatMap((r, i) => (r.ok ? [`raw-${i}`] : []));
  const sdkAckedIds = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value.clientMsgId] : []));
  return {
    health,
    healthDatabase,
    healthAfter,
    rawSends,
    sdkOutcomes: settled.map((s) => s.status),
    ackedIds: [before.clientMsgId, ...rawAckedIds, ...sdkAckedIds],
    storedIds: (await committed(stack.infra.db, room)).map((r) => r.clientMsgId),
  };
}

export function assertHealthFollowsDatabase(o: Awaited<ReturnType<typeof databaseOutage>>) {
  expect(o.health.status).toBe(503);
  expect(o.health.body).toMatchObject({ status: 'error', database: { overall: 'unhealthy' } });
  expect(o.healthDatabase.status).toBe(503);
  expect(o.healthDatabase.body).toMatchObject({
    summary: { overall: 'unhealthy', database: 'disconnected', operationsSuccessful: false },
  });
  expect(o.healthAfter.status).toBe(200);
  expect(o.healthAfter.body).toMatchObject({ status: 'ok', database: { overall: 'healthy' } });
}

export function assertSendsFailRetryablyAndNothingAckedIsLost(o: Awaited<ReturnType<typeof databaseOutage>>) {
  for (const r of o.rawSends) {
    expect(r, 'a send while the database is down fails with a retryable error').toMatchObject({
      ok: false,
      error: { code: 'unavailable', retryable: true },
    });
  }
  expect(o.sdkOutcomes, 'the SDK outbox delivers its queued sends once the database is back').toEqual(
    Array(5).fill('fulfilled'),
  );
  const missing = o.ackedIds.filter((id) => !o.storedIds.includes(id));
  expect(missing, 'every acked message is in PostgreSQL').toEqual([]);
}
