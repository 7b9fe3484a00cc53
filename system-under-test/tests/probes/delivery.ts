import { expect } from 'vitest';
import { committed, token, uniqueRoom, waitUntil, type Stack } from '../support/stack.js';
import { observe, range, rawSocket, seqs } from '../support/observer.js';
import type { SendReply } from '../../protocol.js';

/** A message sent through pod A reaches members on pod B, in order, acked with its seq. */
export async function crossPodDelivery(stack: Stack, count = 20) {
  const room = uniqueRoom('cross');
  const [a, b] = [stack.pod(0), stack.pod(1)];
  const sender = stack.client('alice', [a.url]);
  const memberA = stack.client('bob', [a.url]);
  const memberB = stack.client('carol', [b.url]);
  const seenA = observe(memberA);
  const seenB = observe(memberB);
  await Promise.all([sender, memberA, memberB].map((c) => c.connect()));
  await Promise.all([sender, memberA, memberB].map((c) => c.join(room)));
  const acks = [];
  for (let i = 0; i < count; i++) acks.push(await sender.send(room, `hello ${i}`));
  await waitUntil('both members received every message', () =>
    [seenA, seenB].every((o) => seqs(o, room).length >= count),
  ).catch(() => undefined);
  return {
    count,
    ackedSeqs: acks.map((r) => r.seq),
    onPodA: seqs(seenA, room),
    onPodB: seqs(seenB, room),
    rows: await committed(stack.infra.db, room),
  };
}

export function assertCrossPodDelivery(o: Awaited<ReturnType<typeof crossPodDelivery>>) {
  expect(o.ackedSeqs, 'acks carry the per-room seq, gap-free from 1').toEqual(range(1, o.count));
  expect(o.onPodB, 'a member on the other pod gets every message, in order, once').toEqual(range(1, o.count));
  expect(o.onPodA, 'a member on the same pod gets every message, in order, once').toEqual(range(1, o.count));
  expect(o.rows.map((r) => r.seq)).toEqual(range(1, o.count));
}

/** The same clientMsgId sent twice: the second ack returns the first seq, nothing new is stored. */
export async function idempotentRetry(stack: Stack) {
  const room = uniqueRoom('idem');
  const socket = await rawSocket(stack.pod(0).url, { token: token('dave') });
  try {
    const send = () =>
      socket.emitWithAck('message:send', {
        room,
        clientMsgId: 'retry-me',
        body: 'once',
      }) as Promise<SendReply>;
    const first = await send();
    const second = await send();
    return { first, second, rows: await committed(stack.infra.db, room) };
  } finally {
    socket.close();
  }
}

export function assertIdempotentRetry(o: Awaited<ReturnType<typeof idempotentRetry>>) {
  expect(o.first).toMatchObject({ ok: true, seq: 1, duplicate: false });
  expect(o.second, 'a retry returns the original seq').toMatchObject({ ok: true, seq: 1, duplicate: true });
  expect(o.rows, 'a retry stores nothing new').toHaveLength(1);
}
