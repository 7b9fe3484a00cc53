import { expect } from 'vitest';
import { committed, uniqueRoom, waitUntil, type Stack } from '../support/stack.js';
import { observe, seqs } from '../support/observer.js';

const GRACE_MS = 5_000; // FAST_TIMINGS.TERMINATION_GRACE_MS

/**
 * SIGTERM of pod A with clients on it and traffic flowing: every client gets `server_shutdown`,
 * leaves within the drain window for pod B, the process exits 0 within the grace, and every
 * acked message is stored and delivered.
 */
export async function gracefulShutdown(stack: Stack, clientsOnPod = 8) {
  const room = uniqueRoom('term');
  const [a, b] = [stack.pod(0), stack.pod(1)];
  const onA = Array.from({ length: clientsOnPod }, (_, i) => stack.client(`user${i}`, [a.url, b.url]));
  const sender = stack.client('sender', [b.url]);
  const seen = onA.map(observe);
  const all = [...onA, sender];
  await Promise.all(all.map((c) => c.connect()));
  await Promise.all(all.map((c) => c.join(room)));

  let sending = true;
  const acked: string[] = [];
  const traffic = (async () => {
    for (let i = 0; sending && i < 400; i++) {
      const client = i % 2 === 0 ? sender : onA[i % onA.length]!;
      acked.push((await client.send(room, `t${i}`)).clientMsgId);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();

  await new Promise((r) => setTimeout(r, 300));
  const termAt = Date.now();
  const exit = await a.terminate();
  const exitMs = Date.now() - termAt;
  await waitUntil(
    'clients moved to pod B',
    () => onA.every((c) => c.state === 'live' && c.url === b.url),
    10_000,
  ).catch(() => undefined);
  await new Promise((r) => setTimeout(r, 300));
  sending = false;
  await traffic;
  await Promise.all(all.map((c) => c.sync()));
  const rows = await committed(stack.infra.db, room);
  return {
    clients: clientsOnPod,
    notified: seen.filter((o) => o.notices.length > 0).length,
    unplannedDisconnects: seen.flatMap((o) => o.disconnects.filter((d) => !d.planned)),
    exit,
    exitMs,
    lostAcked: acked.filter((id) => !rows.some((r) => r.clientMsgId === id)),
    undelivered: seen.map((o) => rows.length - seqs(o, room).length),
    log: await a.logs(),
  };
}

export function assertGracefulShutdown(o: Awaited<ReturnType<typeof gracefulShutdown>>) {
  expect(o.notified, 'server_shutdown reaches every client').toBe(o.clients);
  expect(o.unplannedDisconnects, 'clients leave on their own, not by a dropped connection').toEqual([]);
  expect(o.exit, 'the process exits 0').toEqual({ code: 0, signal: null });
  expect(o.exitMs, 'within the termination grace').toBeLessThan(GRACE_MS);
  for (const line of [
    'SIGTERM received, initiating graceful shutdown...',
    'HTTP server closed, no longer accepting connections',
    'Socket.IO graceful shutdown initiated',
    'Grace period complete',
    'Exiting gracefully',
  ]) {
    expect(o.log, 'the runbook expected-output line is logged').toContain(line);
  }
  expect(o.lostAcked, 'no acked message is lost').toEqual([]);
  expect(o.undelivered, 'every client received every message').toEqual(Array(o.clients).fill(0));
}
