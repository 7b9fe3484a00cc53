import { randomBytes } from 'node:crypto';
import type { Toxiproxy } from 'toxiproxy-node-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  HOST,
  newProxy,
  portOf,
  removeAllProxies,
  startEchoServer,
  startHelloServer,
  startSinkServer,
  startFaultProxy,
  type StartedFaultProxy,
  type TcpServer,
} from './test-support.js';

describe('fault proxy: the Toxiproxy HTTP API, driven by toxiproxy-node-client', () => {
  let fp: StartedFaultProxy | undefined;
  let toxiproxy: Toxiproxy;
  let echo: TcpServer;
  const clients: Client[] = [];
  const connect = async (port: number) => {
    const client = await Client.connect(port);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    fp = await startFaultProxy(1);
    toxiproxy = fp.toxiproxy;
    echo = await startEchoServer();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await removeAllProxies(toxiproxy);
  });

  afterAll(async () => {
    await fp?.down();
    await echo?.close();
  });

  it('reports its version as Toxiproxy does', async () => {
    expect(JSON.parse(await toxiproxy.getVersion())).toEqual({
      version: expect.stringMatching(/^2\.\d+\.\d+/),
    });
  });

  it('creates, lists, gets and deletes proxies', async () => {
    const created = await toxiproxy.createProxy({
      name: 'redis',
      listen: 'localhost:0',
      upstream: `${HOST}:${echo.port}`,
    });
    expect(created.listen).toMatch(/^127\.0\.0\.1:\d+$/); // port 0: the port it got is reported
    expect(created.toJson()).toEqual({
      name: 'redis',
      listen: created.listen,
      upstream: `${HOST}:${echo.port}`,
      enabled: true,
    });
    const all = await toxiproxy.getAll();
    expect(Object.keys(all)).toEqual(['redis']);
    expect(all.redis?.listen).toBe(created.listen);
    const got = await toxiproxy.get('redis');
    expect(got.toJson()).toEqual(created.toJson());

    await got.remove();
    expect(Object.keys(await toxiproxy.getAll())).toEqual([]);
    await expect(toxiproxy.get('redis')).rejects.toThrow('status code 404');
    expect(await Client.tryConnect(portOf(created.listen))).toBe('ECONNREFUSED');
  });

  it('an omitted listen gets a free loopback port, reported in listen (Toxiproxy binds a random port)', async () => {
    type Json = { name: string; listen: string; upstream: string; enabled: boolean };
    // toxiproxy-node-client always sends listen, and hides the status: plain fetch here
    const post = async <T>(path: string, body: unknown) => {
      const res = await fetch(`${toxiproxy.host}${path}`, { method: 'POST', body: JSON.stringify(body) });
      return { status: res.status, data: (await res.json()) as T };
    };
    const upstream = `${HOST}:${echo.port}`;
    const bodies = [
      { name: 'omitted', upstream },
      { name: 'empty', listen: '', upstream },
      { name: 'no-port', listen: `${HOST}:`, upstream },
    ];
    for (const body of bodies) {
      const created = await post<Json>('/proxies', body);
      expect(created.status).toBe(201);
      expect(created.data).toMatchObject({ name: body.name, upstream, enabled: true });
      expect(created.data.listen).toMatch(/^127\.0\.0\.1:\d+$/);
      const port = portOf(created.data.listen);
      expect(port).toBeGreaterThan(0);
      expect((await toxiproxy.get(body.name)).listen).toBe(created.data.listen);
      expect(await (await connect(port)).roundTrip(body.name)).toBeLessThan(500);
    }
    // an update to an empty listen restarts the proxy on a free port
    const moved = await post<Json>('/proxies/omitted', { listen: '' });
    expect(moved.status).toBe(200);
    expect(moved.data.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(await (await connect(portOf(moved.data.listen))).roundTrip('moved')).toBeLessThan(500);

    // /populate too. An omitted listen never equals a bound address, so populating it again
    // replaces the proxy (a new listener, its toxics gone), as in Toxiproxy (":0" never matches).
    const first = await post<{ proxies: Json[] }>('/populate', [
      { name: 'pop-a', upstream },
      { name: 'pop-b', upstream },
    ]);
    expect(first.status).toBe(201);
    const [a, b] = first.data.proxies;
    expect(a?.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(b?.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(a?.listen).not.toBe(b?.listen);
    for (const p of [a!, b!]) {
      expect(await (await connect(portOf(p.listen))).roundTrip(p.name)).toBeLessThan(500);
    }
    const popA = await toxiproxy.get('pop-a');
    await popA.addToxic({
      name: 'slow',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 10, jitter: 0 },
    });
    const again = await post<{ proxies: Json[] }>('/populate', [{ name: 'pop-a', upstream }]);
    expect(again.status).toBe(201);
    const replaced = again.data.proxies[0]!;
    expect(replaced.listen).toMatch(/^127\.0\.0\.1:\d+$/);
    expect((await toxiproxy.getApi().get<unknown[]>(`${popA.getPath()}/toxics`)).data).toEqual([]);
    expect(await (await connect(portOf(replaced.listen))).roundTrip('again')).toBeLessThan(500);
  });

  it("answers errors with Toxiproxy's status codes", async () => {
    const { proxy } = await newProxy(toxiproxy, 'db', echo.port);
    const api = toxiproxy.getApi();
    const upstream = `${HOST}:${echo.port}`;
    // proxies
    await expect(toxiproxy.createProxy({ name: 'db', listen: `${HOST}:0`, upstream })).rejects.toThrow(
      'status code 409',
    );
    await expect(toxiproxy.createProxy({ name: 'x', listen: `${HOST}:0`, upstream: '' })).rejects.toThrow(
      'status code 400',
    );
    await expect(api.post(`${toxiproxy.host}/proxies`, { name: 7, upstream })).rejects.toThrow(
      'status code 400',
    );
    await expect(toxiproxy.get('missing')).rejects.toThrow('status code 404');
    await expect(api.post(`${toxiproxy.host}/proxies/missing`, { enabled: false })).rejects.toThrow(
      'status code 404',
    );
    await expect(api.delete(`${toxiproxy.host}/proxies/missing`)).rejects.toThrow('status code 404');
    await expect(api.get(`${toxiproxy.host}/proxies/missing/toxics`)).rejects.toThrow('status code 404');
    // toxics
    const latency = { type: 'latency' as const, stream: 'downstream' as const, toxicity: 1 };
    await proxy.addToxic({ ...latency, name: 'slow', attributes: { latency: 10, jitter: 0 } });
    await expect(
      proxy.addToxic({ ...latency, name: 'slow', attributes: { latency: 10, jitter: 0 } }),
    ).rejects.toThrow('status code 409');
    await expect(proxy.getToxic('missing')).rejects.toThrow('status code 404');
    await expect(api.delete(`${proxy.getPath()}/toxics/missing`)).rejects.toThrow('status code 404');
    await expect(api.post(`${proxy.getPath()}/toxics`, { type: 'explode', attributes: {} })).rejects.toThrow(
      'status code 400',
    );
    await expect(
      api.post(`${proxy.getPath()}/toxics`, { type: 'latency', stream: 'sideways', attributes: {} }),
    ).rejects.toThrow('status code 400');
    await expect(
      api.post(`${proxy.getPath()}/toxics`, { name: 'frac', type: 'latency', attributes: { latency: 1.5 } }),
    ).rejects.toThrow('status code 400');
    await expect(
      api.post(`${proxy.getPath()}/toxics`, { name: 'p', type: 'latency', toxicity: 2, attributes: {} }),
    ).rejects.toThrow('status code 400');
    // nothing of the refused requests stuck
    expect(Object.keys(await toxiproxy.getAll())).toEqual(['db']);
    const toxics = await api.get<{ name: string }[]>(`${proxy.getPath()}/toxics`);
    expect(toxics.data.map((t) => t.name)).toEqual(['slow']);
  });

  it('passes data both ways unchanged', async () => {
    const { port } = await newProxy(toxiproxy, 'echo', echo.port);
    const client = await connect(port);
    const payload = randomBytes(1 << 20);
    client.write(payload);
    await client.untilBytes(payload.length);
    expect(Buffer.concat(client.chunks.map((c) => c.data)).equals(payload)).toBe(true);
  });

  it('accepts a client and closes it when the upstream refuses, as Toxiproxy does', async () => {
    const gone = await startEchoServer();
    await gone.close(); // nothing listens on its port any more
    const { port } = await newProxy(toxiproxy, 'down', gone.port);
    const client = await connect(port);
    await client.untilClosed(2_000);
    expect(client.bytes).toBe(0);
  });

  it('adds, lists, gets, updates and removes toxics with their defaults', async () => {
    const { proxy } = await newProxy(toxiproxy, 'api', echo.port);
    const api = toxiproxy.getApi();
    // name, stream and toxicity default to <type>_<stream>, downstream and 1; attributes to zero
    const added = await api.post<Record<string, unknown>>(`${proxy.getPath()}/toxics`, {
      type: 'latency',
      attributes: { latency: 100 },
    });
    expect(added.data).toEqual({
      attributes: { latency: 100, jitter: 0 },
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
    });
    await proxy.addToxic({
      name: 'cut',
      type: 'limit_data',
      stream: 'upstream',
      toxicity: 0.5,
      attributes: { bytes: 10 },
    });
    // upstream toxics are listed first (Toxiproxy's order)
    const list = await api.get<{ name: string }[]>(`${proxy.getPath()}/toxics`);
    expect(list.data.map((t) => t.name)).toEqual(['cut', 'latency_downstream']);
    expect((await toxiproxy.get('api')).toJson()).toMatchObject({ name: 'api' });
    const all = await api.get<Record<string, { toxics: { name: string }[] }>>(`${toxiproxy.host}/proxies`);
    expect(all.data.api?.toxics.map((t) => t.name)).toEqual(['cut', 'latency_downstream']);

    const toxic = await proxy.getToxic<{ latency: number; jitter: number }>('latency_downstream');
    expect(toxic.attributes).toEqual({ latency: 100, jitter: 0 });
    // update: attributes are merged, toxicity kept unless given; name, type and stream do not change
    const updated = await toxic.update({
      name: 'latency_downstream',
      type: 'latency',
      stream: 'upstream',
      toxicity: 0.25,
      attributes: { jitter: 20 } as { latency: number; jitter: number },
    });
    expect(updated.toJson()).toEqual({
      attributes: { latency: 100, jitter: 20 },
      name: 'latency_downstream',
      type: 'latency',
      stream: 'downstream',
      toxicity: 0.25,
    });
    await updated.remove();
    await expect(proxy.getToxic('latency_downstream')).rejects.toThrow('status code 404');
    const left = await api.get<{ name: string }[]>(`${proxy.getPath()}/toxics`);
    expect(left.data.map((t) => t.name)).toEqual(['cut']);
  });

  it('enabled=false closes the listener and every live connection; enabled=true listens again', async () => {
    const { proxy, port } = await newProxy(toxiproxy, 'cut', echo.port);
    const live = await connect(port);
    expect(await live.roundTrip('before')).toBeLessThan(500);

    const disabled = await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
    expect(disabled.enabled).toBe(false);
    await live.untilClosed(2_000);
    expect(await Client.tryConnect(port)).toBe('ECONNREFUSED');
    expect((await toxiproxy.get('cut')).enabled).toBe(false);

    const enabled = await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
    expect(enabled.enabled).toBe(true);
    expect(enabled.listen).toBe(proxy.listen);
    const again = await connect(port);
    expect(await again.roundTrip('after')).toBeLessThan(500);
  });

  it('a proxy created with enabled=false does not listen until enabled', async () => {
    const upstream = `${HOST}:${echo.port}`;
    const proxy = await toxiproxy.createProxy({ name: 'off', listen: `${HOST}:0`, upstream, enabled: false });
    expect(proxy.enabled).toBe(false);
    const on = await proxy.update({ enabled: true, listen: proxy.listen, upstream });
    const client = await connect(portOf(on.listen));
    expect(await client.roundTrip('on')).toBeLessThan(500);
  });

  it('a new upstream applies to new connections (live ones are dropped, as Toxiproxy restarts the proxy)', async () => {
    const primary = await startHelloServer('primary;');
    const standby = await startHelloServer('standby;');
    try {
      const { proxy, port } = await newProxy(toxiproxy, 'postgres', primary.port);
      const before = await connect(port);
      await before.untilBytes('primary;'.length);
      expect(before.text()).toBe('primary;');

      const updated = await proxy.update({
        enabled: true,
        listen: proxy.listen,
        upstream: `${HOST}:${standby.port}`,
      });
      expect(updated.upstream).toBe(`${HOST}:${standby.port}`);
      expect(updated.listen).toBe(proxy.listen); // same address
      await before.untilClosed(2_000);

      const after = await connect(port);
      await after.untilBytes('standby;'.length);
      expect(after.text()).toBe('standby;');
      expect(primary.accepted).toHaveLength(1);
      expect(standby.accepted).toHaveLength(1);
    } finally {
      await primary.close();
      await standby.close();
    }
  });

  it('POST /reset enables every proxy and removes every toxic', async () => {
    const a = await newProxy(toxiproxy, 'a', echo.port);
    const b = await newProxy(toxiproxy, 'b', echo.port);
    await a.proxy.addToxic({
      name: 'slow',
      type: 'latency',
      stream: 'downstream',
      toxicity: 1,
      attributes: { latency: 1_000, jitter: 0 },
    });
    await b.proxy.update({ enabled: false, listen: b.proxy.listen, upstream: b.proxy.upstream });

    await toxiproxy.reset();

    const all = await toxiproxy.getAll();
    expect(all.a?.enabled).toBe(true);
    expect(all.b?.enabled).toBe(true);
    const toxics = await toxiproxy.getApi().get<unknown[]>(`${a.proxy.getPath()}/toxics`);
    expect(toxics.data).toEqual([]);
    expect(await (await connect(a.port)).roundTrip('fast')).toBeLessThan(500);
    expect(await (await connect(b.port)).roundTrip('back')).toBeLessThan(500);
  });

  it('POST /populate creates proxies, keeps unchanged ones and replaces changed ones', async () => {
    const other = await startHelloServer('other;');
    try {
      const upstream = `${HOST}:${echo.port}`;
      const first = await toxiproxy.populate([
        { name: 'redis', listen: `${HOST}:0`, upstream },
        { name: 'postgres', listen: `${HOST}:0`, upstream },
      ]);
      expect(Object.keys(first).sort()).toEqual(['postgres', 'redis']);
      const redis = first.redis!;
      const postgres = first.postgres!;
      expect(redis.enabled).toBe(true);
      await redis.addToxic({
        name: 'slow',
        type: 'latency',
        stream: 'downstream',
        toxicity: 1,
        attributes: { latency: 10, jitter: 0 },
      });

      // same listen and upstream: kept as it is (toxics too); another upstream: replaced
      const second = await toxiproxy.populate([
        { name: 'redis', listen: redis.listen, upstream },
        { name: 'postgres', listen: postgres.listen, upstream: `${HOST}:${other.port}` },
      ]);
      expect(second.redis?.toJson()).toEqual(redis.toJson());
      expect(second.postgres?.upstream).toBe(`${HOST}:${other.port}`);
      const toxics = await toxiproxy.getApi().get<{ name: string }[]>(`${redis.getPath()}/toxics`);
      expect(toxics.data.map((t) => t.name)).toEqual(['slow']);
      const client = await connect(portOf(second.postgres!.listen));
      await client.untilBytes('other;'.length);
      expect(client.text()).toBe('other;');

      // invalid input: refused as a whole
      await expect(
        toxiproxy.populate([
          { name: 'fine', listen: `${HOST}:0`, upstream },
          { name: 'broken', listen: `${HOST}:0`, upstream: '' },
        ]),
      ).rejects.toThrow('status code 400');
      expect(Object.keys(await toxiproxy.getAll()).sort()).toEqual(['postgres', 'redis']);
    } finally {
      await other.close();
    }
  });

  it('moves data fast with no toxics', async () => {
    const sink = await startSinkServer();
    try {
      const { port } = await newProxy(toxiproxy, 'bulk', sink.port);
      const client = await connect(port);
      const block = Buffer.alloc(1 << 20, 7);
      const total = 64 * block.length;
      const received = () => sink.accepted[0]?.received.reduce((n, r) => n + r.bytes, 0) ?? 0;
      const started = performance.now();
      for (let i = 0; i < 64; i++) {
        if (!client.socket.write(block)) await new Promise((resolve) => client.socket.once('drain', resolve));
      }
      await client.until(() => received() >= total, 20_000, 'the sink to receive everything');
      const seconds = (performance.now() - started) / 1_000;
      const mbPerSecond = total / 2 ** 20 / seconds;
      console.log(`throughput through the proxy, no toxics: ${mbPerSecond.toFixed(0)} MB/s (64 MiB)`);
      expect(received()).toBe(total);
      expect(mbPerSecond).toBeGreaterThan(20);
    } finally {
      await sink.close();
    }
  });
});
