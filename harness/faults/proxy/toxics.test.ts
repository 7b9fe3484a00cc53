import type { Proxy, Toxiproxy, ToxicDirection, ToxicType } from 'toxiproxy-node-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  newProxy,
  removeAllProxies,
  sleep,
  startBlastServer,
  startEchoServer,
  startFaultProxy,
  startTcpServer,
  type StartedFaultProxy,
  type TcpServer,
} from './test-support.js';

// Lower bounds are strict (a toxic never lets data go early); upper bounds are loose, since the suite
// shares two cores with other test files and a stall only ever adds delay.
const SLACK_MS = 250;
/** a round trip with no toxic in the way takes well under this */
const QUICK_MS = 150;

describe("fault proxy: Toxiproxy's toxics on real TCP connections", () => {
  let fp: StartedFaultProxy | undefined;
  let toxiproxy: Toxiproxy;
  let echo: TcpServer;
  const servers: TcpServer[] = [];
  const clients: Client[] = [];

  const connect = async (port: number) => {
    const client = await Client.connect(port);
    clients.push(client);
    return client;
  };
  const server = async (started: Promise<TcpServer>) => {
    const s = await started;
    servers.push(s);
    return s;
  };
  const addToxic = (
    proxy: Proxy,
    type: ToxicType,
    attributes: Record<string, number>,
    options: { stream?: ToxicDirection; toxicity?: number; name?: string } = {},
  ) =>
    proxy.addToxic({
      name: options.name ?? type,
      type,
      stream: options.stream ?? 'downstream',
      toxicity: options.toxicity ?? 1,
      attributes,
    });

  beforeAll(async () => {
    fp = await startFaultProxy(2);
    toxiproxy = fp.toxiproxy;
    echo = await startEchoServer();
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy();
    await removeAllProxies(toxiproxy);
    for (const s of servers.splice(0)) await s.close();
  });

  afterAll(async () => {
    await fp?.down();
    await echo?.close();
  });

  it('latency delays data by at least `latency` ms', async () => {
    const { proxy, port } = await newProxy(toxiproxy, 'latency', echo.port);
    const client = await connect(port);
    expect(await client.roundTrip('warm')).toBeLessThan(QUICK_MS);
    await addToxic(proxy, 'latency', { latency: 200, jitter: 0 });
    // a toxic added to a live connection applies to it
    for (let i = 0; i < 3; i++) {
      const rtt = await client.roundTrip(`ping${i}`);
      expect(rtt).toBeGreaterThanOrEqual(200);
      expect(rtt).toBeLessThan(200 + SLACK_MS);
    }
    await (await proxy.getToxic('latency')).remove();
    expect(await client.roundTrip('fast again')).toBeLessThan(QUICK_MS);
  });

  it('jitter keeps each delay within latency ± jitter', async () => {
    const { proxy, port } = await newProxy(toxiproxy, 'jitter', echo.port);
    await addToxic(proxy, 'latency', { latency: 150, jitter: 100 });
    const client = await connect(port);
    const rtts: number[] = [];
    for (let i = 0; i < 10; i++) rtts.push(await client.roundTrip(`j${i}`));
    for (const rtt of rtts) {
      expect(rtt).toBeGreaterThanOrEqual(50);
      expect(rtt).toBeLessThan(250 + SLACK_MS);
    }
    expect(Math.max(...rtts) - Math.min(...rtts)).toBeGreaterThan(20); // it does vary
  });

  it('bandwidth caps the rate in KB/s', async () => {
    const blast = await server(startBlastServer(100_000));
    const { proxy, port } = await newProxy(toxiproxy, 'bandwidth', blast.port);
    await addToxic(proxy, 'bandwidth', { rate: 200 }); // 200 KB/s: 100 kB take 500 ms
    const client = await connect(port);
    await client.untilBytes(100_000, 5_000);
    const elapsed = (client.chunks.at(-1)?.at ?? 0) - client.connectedAt;
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(500 + 2 * SLACK_MS);
  });

  it('timeout=0 blackholes: no data, the connection stays open; removing it closes that connection and new ones flow', async () => {
    const { proxy, port } = await newProxy(toxiproxy, 'blackhole', echo.port);
    const held = await connect(port);
    expect(await held.roundTrip('before')).toBeLessThan(QUICK_MS);
    const toxic = await addToxic(proxy, 'timeout', { timeout: 0 });
    held.write('into the void');
    await sleep(400);
    expect(held.bytes).toBe('before'.length);
    expect(held.endedAt).toBeUndefined();
    expect(held.closed).toBe(false);
    expect(echo.accepted.at(-1)?.received.at(-1)?.bytes).toBe('into the void'.length); // upstream still flows

    await toxic.remove();
    await held.untilClosed(2_000); // Toxiproxy's timeout toxic closes what it held when removed
    expect(held.bytes).toBe('before'.length);
    const fresh = await connect(port);
    expect(await fresh.roundTrip('flowing')).toBeLessThan(QUICK_MS);
  });

  it('timeout>0 closes the connection once no data came for `timeout` ms', async () => {
    const { proxy, port } = await newProxy(toxiproxy, 'timeout', echo.port);
    await addToxic(proxy, 'timeout', { timeout: 400 });
    const idle = await connect(port);
    await idle.untilClosed(2_000);
    const lifetime = (idle.closedAt ?? 0) - idle.connectedAt;
    expect(lifetime).toBeGreaterThanOrEqual(390);
    expect(lifetime).toBeLessThan(400 + SLACK_MS);
    expect(idle.bytes).toBe(0);

    // As in Toxiproxy, each chunk the toxic drops starts the wait again.
    const chatty = await connect(port);
    for (let i = 0; i < 6; i++) {
      chatty.write('tick');
      await sleep(100);
    }
    expect(chatty.closed).toBe(false);
    const lastWrite = performance.now();
    await chatty.untilClosed(2_000);
    expect((chatty.closedAt ?? 0) - lastWrite).toBeGreaterThanOrEqual(290);
    expect(chatty.bytes).toBe(0);
  });

  it('reset_peer resets the connection (ECONNRESET) `timeout` ms after the first data', async () => {
    const { proxy, port } = await newProxy(toxiproxy, 'reset', echo.port);
    await addToxic(proxy, 'reset_peer', { timeout: 200 });
    const client = await connect(port);
    await sleep(300);
    expect(client.closed).toBe(false); // it waits for data
    const sent = client.write('hello');
    await client.untilClosed(2_000);
    expect(client.errorCode).toBe('ECONNRESET');
    expect((client.closedAt ?? 0) - sent).toBeGreaterThanOrEqual(195);
    expect((client.closedAt ?? 0) - sent).toBeLessThan(200 + SLACK_MS);
    expect(client.bytes).toBe(0);
    await expect.poll(() => echo.accepted.at(-1)?.error).toBe('ECONNRESET'); // the upstream is reset too

    const { proxy: up, port: upPort } = await newProxy(toxiproxy, 'reset-now', echo.port);
    await addToxic(up, 'reset_peer', { timeout: 0 }, { stream: 'upstream' });
    const other = await connect(upPort);
    other.write('x');
    await other.untilClosed(2_000);
    expect(other.errorCode).toBe('ECONNRESET');
  });

  it('slicer cuts writes into chunks of about average_size', async () => {
    const blast = await server(startBlastServer(3_000));
    const { proxy, port } = await newProxy(toxiproxy, 'slicer', blast.port);
    await addToxic(proxy, 'slicer', { average_size: 100, size_variation: 20, delay: 2_000 });
    const client = await connect(port);
    await client.untilBytes(3_000, 5_000);
    const sizes = client.chunks.map((c) => c.data.length).sort((a, b) => a - b);
    expect(sizes.length).toBeGreaterThanOrEqual(10);
    expect(sizes[Math.floor(sizes.length / 2)]).toBeLessThanOrEqual(120);
    expect(client.bytes).toBe(3_000);
  });

  it('limit_data closes the connection after `bytes` bytes', async () => {
    const blast = await server(startBlastServer(10_000));
    const { proxy, port } = await newProxy(toxiproxy, 'limit', blast.port);
    await addToxic(proxy, 'limit_data', { bytes: 1_000 });
    const client = await connect(port);
    await client.untilClosed(2_000);
    expect(client.bytes).toBe(1_000);
    expect(client.endedAt).toBeDefined(); // a normal close (FIN), not a reset
  });

  it('slow_close holds the close back by `delay` ms', async () => {
    const bye = await server(startTcpServer((socket) => socket.end('bye')));
    const { proxy, port } = await newProxy(toxiproxy, 'slow-close', bye.port);
    const quick = await connect(port);
    await quick.untilClosed(2_000);
    expect((quick.endedAt ?? 0) - quick.connectedAt).toBeLessThan(QUICK_MS);

    await addToxic(proxy, 'slow_close', { delay: 400 });
    const slow = await connect(port);
    await slow.untilClosed(2_000);
    expect(slow.text()).toBe('bye');
    expect((slow.chunks[0]?.at ?? 0) - slow.connectedAt).toBeLessThan(QUICK_MS); // data is not delayed
    expect((slow.endedAt ?? 0) - slow.connectedAt).toBeGreaterThanOrEqual(395);
    expect((slow.endedAt ?? 0) - slow.connectedAt).toBeLessThan(400 + SLACK_MS);
  });

  it('toxicity 0 never applies, toxicity 1 always does', async () => {
    const never = await newProxy(toxiproxy, 'never', echo.port);
    await addToxic(never.proxy, 'latency', { latency: 300, jitter: 0 }, { toxicity: 0 });
    const always = await newProxy(toxiproxy, 'always', echo.port);
    await addToxic(always.proxy, 'latency', { latency: 300, jitter: 0 }, { toxicity: 1 });
    const run = async (port: number) => {
      const rtts: number[] = [];
      for (let i = 0; i < 4; i++) rtts.push(await (await connect(port)).roundTrip('t'));
      return rtts;
    };
    const [fast, slow] = await Promise.all([run(never.port), run(always.port)]);
    for (const rtt of fast) expect(rtt).toBeLessThan(300);
    for (const rtt of slow) expect(rtt).toBeGreaterThanOrEqual(300);
  });

  it('stream picks the direction: upstream delays client→server, downstream server→client', async () => {
    const recorder = await server(startEchoServer());
    const up = await newProxy(toxiproxy, 'up', recorder.port);
    await addToxic(up.proxy, 'latency', { latency: 300, jitter: 0 }, { stream: 'upstream' });
    const down = await newProxy(toxiproxy, 'down', recorder.port);
    await addToxic(down.proxy, 'latency', { latency: 300, jitter: 0 }, { stream: 'downstream' });

    const viaUp = await connect(up.port);
    let sent = performance.now();
    let rtt = await viaUp.roundTrip('up');
    const arrivedUp = (recorder.accepted[0]?.received[0]?.at ?? 0) - sent;
    expect(arrivedUp).toBeGreaterThanOrEqual(300); // held on the way to the server
    expect(rtt - arrivedUp).toBeLessThan(QUICK_MS); // not on the way back
    expect(rtt).toBeLessThan(300 + SLACK_MS);

    const viaDown = await connect(down.port);
    sent = performance.now();
    rtt = await viaDown.roundTrip('down');
    const arrivedDown = (recorder.accepted[1]?.received[0]?.at ?? 0) - sent;
    expect(arrivedDown).toBeLessThan(QUICK_MS); // the server gets it at once
    expect(rtt).toBeGreaterThanOrEqual(300); // the answer is held
    expect(rtt).toBeLessThan(300 + SLACK_MS);
  });
});
