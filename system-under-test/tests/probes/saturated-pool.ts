import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { startGateway as startGatewayProcess } from '../support/start-gateway.js';
import type { SendReply } from '../../protocol.js';
import { rawSocket } from '../support/observer.js';
import { committed, token, uniqueRoom, waitUntil, type Stack } from '../support/stack.js';

const POOL_MAX = 3;
// The pool's connect timeout; the send query's own bound is twice it (message-store.ts), so sends
// blocked for HOLD_MS still complete, while a ping queued for the pool gives up before the lock goes.
const DB_TIMEOUT_MS = 1_500;
/** How long the lock is held, while /health is sampled: longer than DB_TIMEOUT_MS, shorter than twice it. */
const HOLD_MS = 2_000;
const SAMPLE_EVERY_MS = 100;
/** Kubernetes' default probe timeoutSeconds: an answer later than this is a failed check. */
const PROBE_TIMEOUT_MS = 1_000;
let saturatedPods = 0;

/** A health endpoint's status code, or 0 when it does not answer within PROBE_TIMEOUT_MS. */
async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * The send pool of a pod saturated while the database is healthy: a row lock on a room, held from
 * a separate connection, blocks POOL_MAX sends into that room inside drill_append, each holding one
 * pool connection. /health and /health/database are sampled while the lock is held, then the lock
 * goes and the blocked sends must complete.
 */
export async function saturatedSendPool(stack: Stack) {
  const { infra } = stack;
  const pod = await startGatewayProcess({
    pod: `saturated-pod-${process.pid}-${++saturatedPods}`,
    databaseUrl: infra.databaseUrl,
    redisUrl: infra.redisUrl,
    env: { ...stack.env, DB_POOL_MAX: String(POOL_MAX), DB_TIMEOUT_MS: String(DB_TIMEOUT_MS) },
    logDir: infra.logDir,
  });
  stack.pods.push(pod);
  const room = uniqueRoom('saturated');
  const socket = await rawSocket(pod.url, { token: token('sam') });
  const locker = await infra.db.connect();
  try {
    const send = (clientMsgId: string) =>
      socket
        .timeout(4 * DB_TIMEOUT_MS)
        .emitWithAck('message:send', { room, clientMsgId, body: clientMsgId }) as Promise<SendReply>;
    const first = await send('before-the-lock'); // creates the room's row
    await locker.query('BEGIN');
    await locker.query('SELECT 1 FROM rooms WHERE room = $1 FOR UPDATE', [room]);
    const blockedIds = Array.from({ length: POOL_MAX }, (_, i) => `blocked-${i}`);
    const blocked = blockedIds.map((id) => send(id).catch((err: Error) => err.message));
    let sendsWaitingOnLock = 0;
    await waitUntil('every send holds a pool connection, waiting on the row lock', async () => {
      const { rows } = await infra.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
          WHERE application_name = 'drill-gateway' AND wait_event_type = 'Lock'
            AND query LIKE '%drill_append%'`,
      );
      sendsWaitingOnLock = rows[0]?.n ?? 0;
      return sendsWaitingOnLock >= POOL_MAX;
    }).catch(() => undefined);

    // Sampled at a fixed cadence, not one after the other, so a slow answer does not thin the samples.
    const samples: Array<Promise<[number, number]>> = [];
    const releaseAt = Date.now() + HOLD_MS;
    while (Date.now() < releaseAt) {
      samples.push(Promise.all([status(`${pod.url}/health`), status(`${pod.url}/health/database`)]));
      await sleep(SAMPLE_EVERY_MS);
    }
    await locker.query('ROLLBACK');
    const sampled = await Promise.all(samples);
    const replies = await Promise.all(blocked);
    const ackedIds = [first, ...replies].flatMap((r, i) =>
      typeof r !== 'string' && r.ok ? [i === 0 ? 'before-the-lock' : blockedIds[i - 1]] : [],
    );
    return {
      poolMax: POOL_MAX,
      sendsWaitingOnLock,
      health: sampled.map(([h]) => h),
      healthDatabase: sampled.map(([, d]) => d),
      replies,
      sentIds: ['before-the-lock', ...blockedIds],
      ackedIds,
      storedIds: (await committed(infra.db, room)).map((r) => r.clientMsgId),
    };
  } finally {
    await locker.query('ROLLBACK').catch(() => undefined);
    locker.release();
    socket.close();
  }
}

type SaturatedPool = Awaited<ReturnType<typeof saturatedSendPool>>;

export function assertHealthIgnoresPoolSaturation(o: SaturatedPool) {
  expect(
    o.health.filter((s) => s !== 200),
    '/health stays 200 while the send pool is saturated and the database is up',
  ).toEqual([]);
  expect(
    o.healthDatabase.filter((s) => s !== 200),
    '/health/database stays 200 while the send pool is saturated and the database is up',
  ).toEqual([]);
}

/** Also what makes the probe a test at all: the pool really was saturated, and health was sampled then. */
export function assertBlockedSendsComplete(o: SaturatedPool) {
  expect(o.sendsWaitingOnLock, 'every connection of the send pool was held by a blocked send').toBe(
    o.poolMax,
  );
  expect(o.health.length, 'health was sampled while the pool was saturated').toBeGreaterThan(5);
  expect(o.replies, 'the sends blocked behind the lock are acked once it goes').toEqual(
    o.replies.map(() => expect.objectContaining({ ok: true })),
  );
  expect(o.ackedIds, 'every send is acked').toEqual(o.sentIds);
  expect([...o.storedIds].sort(), 'every acked send is stored, once').toEqual([...o.sentIds].sort());
}
