import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { committed, uniqueRoom, waitUntil, type Stack } from '../support/stack.js';
import { observe, range, seqs } from '../support/observer.js';

const PRESENCE_TTL_MS = 1_500; // FAST_TIMINGS

/**
 * SIGKILL of pod A while its clients are in a room: they reconnect to pod B and, through resume,
 * receive every message sent meanwhile, in order, without duplicates. The dead pod's presence
 * entries expire after the TTL.
 */
export async function podKill(stack: Stack) {
  const room = uniqueRoom('kill');
  const [a, b] = [stack.pod(0), stack.pod(1)];
  const victims = ['erin', 'frank'].map((u) => stack.client(u, [a.url, b.url]));
  const sender = stack.client('grace', [b.url]);
  const seen = victims.map(observe);
  const all = [...victims, sender];
  await Promise.all(all.map((c) => c.connect()));
  await Promise.all(all.map((c) => c.join(room)));

  const sendBatch = async (n: number) => {
    for (let i = 0; i < n; i++) await sender.send(room, `m${i}`);
  };
  await sendBatch(5);
  await waitUntil('victims saw the first batch', () => seen.every((o) => seqs(o, room).length === 5));

  const killedAt = Date.now();
  await a.kill();
  await waitUntil('both victims noticed', () => seen.every((o) => o.disconnects.length > 0));
  await sendBatch(10); // while the victims are away
  await waitUntil(
    'victims resumed on pod B',
    () => victims.every((c) => c.state === 'live' && c.url === b.url),
    15_000,
  );
  await sendBatch(5);
  await waitUntil('victims caught up', () => seen.every((o) => seqs(o, room).length >= 20), 5_000).catch(
    () => undefined,
  );
  const reconnectMs = Date.now() - killedAt;

  await sleep(PRESENCE_TTL_MS + 1_000);
  const presence = await sender.presence(room);
  return {
    expected: range(1, 20),
    delivered: seen.map((o) => seqs(o, room)),
    reconnectMs,
    rows: await committed(stack.infra.db, room),
    presenceOfDeadPod: presence.members.filter((m) => m.pod === a.pod),
    presenceEnabled: presence.enabled,
  };
}

export function assertPodKillRecovery(o: Awaited<ReturnType<typeof podKill>>) {
  for (const d of o.delivered) {
    expect(d, 'every message sent around the crash, in order, once').toEqual(o.expected);
  }
  expect(o.rows.map((r) => r.seq)).toEqual(o.expected);
}

export function assertDeadPodPresenceExpires(o: Awaited<ReturnType<typeof podKill>>) {
  expect(o.presenceEnabled).toBe(true);
  expect(o.presenceOfDeadPod, 'presence of the crashed pod is gone after the TTL').toEqual([]);
}
