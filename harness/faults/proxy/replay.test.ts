import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Client,
  newProxy,
  startEchoServer,
  startFaultProxy,
  type StartedFaultProxy,
  type TcpServer,
} from './test-support.js';

/** What one fault proxy process does with the same API calls and connections. */
async function observe(
  fp: StartedFaultProxy,
  echo: TcpServer,
): Promise<{ jitter: number[]; hits: boolean[] }> {
  const { toxiproxy } = fp;
  // Delays of 10 round trips on one connection through latency 120 ± 100 ms.
  const jittery = await newProxy(toxiproxy, 'jittery', echo.port);
  await jittery.proxy.addToxic({
    name: 'jitter',
    type: 'latency',
    stream: 'downstream',
    toxicity: 1,
    attributes: { latency: 120, jitter: 100 },
  });
  const client = await Client.connect(jittery.port);
  const jitter: number[] = [];
  for (let i = 0; i < 10; i++) jitter.push(await client.roundTrip(`r${i}`));
  client.destroy();

  // Which of 12 connections, opened one after the other, a toxicity 0.5 latency toxic applies to: a
  // round trip takes at least the latency exactly when it applies (a stall cannot fake that).
  const coin = await newProxy(toxiproxy, 'coin', echo.port);
  await coin.proxy.addToxic({
    name: 'coin',
    type: 'latency',
    stream: 'downstream',
    toxicity: 0.5,
    attributes: { latency: 250, jitter: 0 },
  });
  const hits: boolean[] = [];
  for (let i = 0; i < 12; i++) {
    const c = await Client.connect(coin.port);
    hits.push((await c.roundTrip('flip')) >= 250);
    c.destroy();
  }
  return { jitter, hits };
}

describe('fault proxy: the seed makes runs replay', () => {
  let echo: TcpServer;
  const started: StartedFaultProxy[] = [];

  beforeAll(async () => {
    echo = await startEchoServer();
    started.push(...(await Promise.all([startFaultProxy(7), startFaultProxy(7), startFaultProxy(8)])));
  });

  afterAll(async () => {
    await Promise.all(started.map((fp) => fp.down()));
    await echo?.close();
  });

  it('the same seed gives the same jitter and toxicity draws; another seed does not', async () => {
    const [a, b, c] = await Promise.all(started.map((fp) => observe(fp, echo)));
    if (!a || !b || !c) throw new Error('three observations expected');

    // Same seed: the same delays, up to timer noise. The machine is shared, and a stall (which only
    // ever adds delay) can hit any sample, so most (not all) samples must match closely.
    const close = a.jitter.filter((delay, i) => Math.abs(delay - (b.jitter[i] ?? Infinity)) < 20);
    expect(close.length).toBeGreaterThanOrEqual(8);
    expect(b.hits).toEqual(a.hits);
    // the draws are random-looking: spread over the jitter range, both outcomes of the coin
    expect(Math.max(...a.jitter) - Math.min(...a.jitter)).toBeGreaterThan(50);
    expect(a.hits).toContain(true);
    expect(a.hits).toContain(false);

    // another seed: another sequence
    const apart = a.jitter.filter((delay, i) => Math.abs(delay - (c.jitter[i] ?? Infinity)) > 40);
    expect(apart.length).toBeGreaterThanOrEqual(3);
    expect(c.hits).not.toEqual(a.hits);
  });
});
