import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagesPage } from '../protocol.js';
import { observe, range, rawSocket, seqs } from './support/observer.js';
import {
  startInfra,
  startPods,
  token,
  uniqueRoom,
  waitUntil,
  type Infra,
  type Stack,
} from './support/stack.js';

describe('polling mode: the long-polling fallback and GET /rooms/:room/messages', () => {
  let infra: Infra;
  let pollingOnly: Stack;
  let smallRetention: Stack;
  beforeAll(async () => {
    infra = await startInfra();
    [pollingOnly, smallRetention] = await Promise.all([
      startPods(infra, 1, { TRANSPORTS: 'polling' }),
      startPods(infra, 1, { RETENTION_MAX_GAP: '5', REPLAY_BATCH: '3' }),
    ]);
  });
  afterAll(async () => {
    await Promise.allSettled([pollingOnly?.down(), smallRetention?.down()]);
    await infra?.down();
  });

  it('the SDK falls back to long-polling when the websocket is refused, and still sends and receives', async () => {
    const room = uniqueRoom('poll');
    const url = pollingOnly.pod(0).url;
    const [a, b] = ['olga', 'pete'].map((u) => pollingOnly.client(u, [url], { transport: 'auto' }));
    const seen = observe(b!);
    await Promise.all([a!.connect(), b!.connect()]);
    await Promise.all([a!.join(room), b!.join(room)]);
    for (let i = 0; i < 5; i++) await a!.send(room, `p${i}`);
    await waitUntil('the polling member got all five', () => seqs(seen, room).length === 5);
    expect([a!.state, b!.state]).toEqual(['polling', 'polling']);
    expect(b!.transport).toBe('polling');
    expect(seqs(seen, room)).toEqual(range(1, 5));
  });

  it('pages messages after a seq over HTTP, and answers reset beyond the retention window', async () => {
    const room = uniqueRoom('http');
    const url = smallRetention.pod(0).url;
    const socket = await rawSocket(url, { token: token('quinn') });
    for (let i = 1; i <= 8; i++)
      await socket.emitWithAck('message:send', { room, clientMsgId: `h${i}`, body: `b${i}` });
    socket.close();
    const auth = { authorization: `Bearer ${token('quinn', [room])}` };
    const page = async (after: number) =>
      (await (
        await fetch(`${url}/rooms/${room}/messages?after=${after}`, { headers: auth })
      ).json()) as MessagesPage;

    const tail = await page(6);
    expect(tail.messages.map((m) => m.seq)).toEqual([7, 8]);
    expect(tail).toMatchObject({ head: 8, more: false, reset: false });
    const middle = await page(3);
    expect(middle.messages.map((m) => [m.seq, m.clientMsgId, m.body])).toEqual([
      [4, 'h4', 'b4'],
      [5, 'h5', 'b5'],
      [6, 'h6', 'b6'],
    ]);
    expect(middle.more).toBe(true);
    expect(await page(0)).toMatchObject({ head: 8, messages: [], reset: true });

    expect((await fetch(`${url}/rooms/${room}/messages?after=0`)).status, 'no token').toBe(401);
    const otherRoom = { authorization: `Bearer ${token('quinn', ['elsewhere'])}` };
    expect((await fetch(`${url}/rooms/${room}/messages?after=0`, { headers: otherRoom })).status).toBe(403);
    expect((await fetch(`${url}/rooms/${room}/messages?after=-1`, { headers: auth })).status).toBe(400);
  });

  it('an SDK resuming from beyond the retention window is told to reset and jumps to the head', async () => {
    const room = uniqueRoom('reset');
    const url = smallRetention.pod(0).url;
    const writer = smallRetention.client('rita', [url]);
    await writer.connect();
    for (let i = 0; i < 8; i++) await writer.send(room, `r${i}`);
    const late = smallRetention.client('sam', [url]);
    const resets: unknown[] = [];
    late.on('reset', (r) => resets.push(r));
    await late.connect();
    await late.join(room, { fromSeq: 1 });
    expect(resets).toEqual([{ room, from: 0, to: 8 }]);
    expect(late.lastSeq(room)).toBe(8);
  });
});
