import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../system-under-test/gateway/config.js';
import { startGateway, type Gateway } from '../../../system-under-test/gateway/gateway.js';
import { createLogger } from '../../../system-under-test/gateway/logger.js';
import { startPostgres, startRedis, type PostgresHandle, type RedisHandle } from '../../env/local/index.js';
import { Fleet } from '../../load/fleet.js';
import { createAdapter } from '../adapters.js';
import { MemorySink, waitUntil } from '../socketio-events/test-support.js';
import { createDrillAdapter, senderSeqOf, type DrillConnection } from './adapter.js';

describe('senderSeqOf', () => {
  it("reads the SDK's per-client counter from a clientMsgId of that sender", () => {
    expect(senderSeqOf('vu-00001-0123456789abcdef-1', 'vu-00001')).toBe(1);
    expect(senderSeqOf('vu-00001-0123456789abcdef-a', 'vu-00001')).toBe(10);
    expect(senderSeqOf('vu-00001-0123456789abcdef-1', 'vu-00002')).toBeUndefined();
    expect(senderSeqOf('browser-42', 'browser')).toBeUndefined();
  });
});

describe('drill adapter: the reference SDK against the reference gateway (real PostgreSQL and Redis)', () => {
  let pg: PostgresHandle;
  let redis: RedisHandle;
  let gateway: Gateway;
  let url: string;

  beforeAll(async () => {
    [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      POD_NAME: 'pod-t',
      ZONE: 'z1',
      DATABASE_URL: pg.url,
      REDIS_URL: redis.url,
      REQUIRE_AUTH: 'false',
      LOG_LEVEL: 'silent',
      DRAIN_TIMEOUT_MS: '100',
      TERMINATION_GRACE_MS: '2000',
    });
    gateway = await startGateway(config, createLogger(config), () => undefined);
    url = `http://127.0.0.1:${gateway.port}`;
  });

  afterAll(async () => {
    await gateway?.shutdown('SIGTERM').catch(() => undefined);
    await Promise.allSettled([pg?.down(), redis?.down()]);
  });

  it('records the history the reference always did, plus senderSeq on send.invoke and deliver', async () => {
    const sink = new MemorySink();
    const adapter = createAdapter({ kind: 'drill' });
    expect(adapter.kind).toBe('drill');
    const fleet = new Fleet({
      url,
      clients: 4,
      roomSize: 2,
      connectRatePerSecond: 100,
      seed: 3,
      sink,
      adapter,
      transport: 'websocket',
    });
    try {
      await fleet.connectAll();
      expect(fleet.stats()).toMatchObject({ clients: 4, connected: 4, byPod: { 'pod-t': 4 } });
      expect(fleet.users.map((u) => u.servedBy)).toEqual(['pod-t', 'pod-t', 'pod-t', 'pod-t']);
      expect(fleet.users.map((u) => u.id)).toEqual(['vu-00000', 'vu-00001', 'vu-00002', 'vu-00003']);
      const sent = await fleet.drive(
        [
          { at: 0, client: 0 },
          { at: 10, client: 0 },
          { at: 20, client: 1 },
          { at: 30, client: 3 },
        ],
        16,
      );
      expect(sent).toBe(4);
      expect(await fleet.finalSync(10_000)).toEqual({ synced: 4, failed: [] });
    } finally {
      await fleet.closeAll();
    }

    expect(sink.of('client.connect', 'vu-00000')).toMatchObject([
      { pod: null, transport: 'websocket', attempt: 1, reconnect: false },
    ]);
    expect(sink.of('client.attach', 'vu-00000')).toMatchObject([{ pod: 'pod-t', zone: 'z1' }]);
    expect(sink.of('client.join').map((e) => [e.client, e.room, e.fromSeq])).toEqual(
      expect.arrayContaining([
        ['vu-00000', 'room-0', 0],
        ['vu-00001', 'room-0', 0],
        ['vu-00002', 'room-1', 0],
        ['vu-00003', 'room-1', 0],
      ]),
    );
    expect(sink.of('client.resumed', 'vu-00000')).toMatchObject([{ room: 'room-0', reset: false }]);
    const invokes = sink.of('send.invoke');
    expect(invokes.map((e) => [e.client, e.senderSeq]).sort()).toEqual([
      ['vu-00000', 1],
      ['vu-00000', 2],
      ['vu-00001', 1],
      ['vu-00003', 1],
    ]);
    expect(invokes.every((e) => e.clientMsgId.startsWith(`${e.client}-`))).toBe(true);
    const oks = sink.of('send.ok');
    expect(oks).toHaveLength(4);
    expect(
      oks
        .filter((e) => e.room === 'room-0')
        .map((e) => e.seq)
        .sort(),
    ).toEqual([1, 2, 3]);
    const delivers = sink.of('deliver');
    // Every member of room-0 receives all three (the reference echoes to the sender), room-1 one.
    expect(delivers).toHaveLength(3 * 2 + 1 * 2);
    const seqOf = new Map(invokes.map((e) => [e.clientMsgId, e.senderSeq]));
    for (const d of delivers) {
      expect(d.seq).toBeGreaterThan(0);
      expect(d.committedAt).toBeGreaterThan(0);
      expect(d.senderSeq).toBe(seqOf.get(d.clientMsgId));
    }
    expect(sink.of('client.closed')).toHaveLength(4);
    await waitUntil(
      'every client reported its disconnect',
      () => sink.of('client.disconnect').length === 4,
      5_000,
    );
    expect(sink.of('client.disconnect').every((e) => e.planned)).toBe(true);
  });

  it('takes DrillClientOptions overrides in its own factory options', async () => {
    const sink = new MemorySink();
    const adapter = createDrillAdapter({
      client: { ackTimeoutMs: 1234, socketOptions: { extraHeaders: { x: '1' } } },
    });
    const user = adapter.createUser({
      id: 'solo',
      url,
      transport: 'polling',
      random: () => 0.5,
      sink,
    }) as DrillConnection;
    try {
      await user.connect();
      await user.join('solo-room');
      expect(user.connected).toBe(true);
      expect(sink.of('client.connect', 'solo')).toMatchObject([{ transport: 'polling' }]);
      user.send('solo-room', 'hi');
      await waitUntil('acked', () => user.sendsInFlight === 0);
      await user.sync();
      expect(sink.of('send.ok', 'solo')).toMatchObject([{ room: 'solo-room', seq: 1 }]);
      expect(sink.of('deliver', 'solo')).toMatchObject([{ seq: 1, senderSeq: 1, sender: 'solo' }]);
    } finally {
      await user.close();
    }
  });
});
