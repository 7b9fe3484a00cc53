import { existsSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisHandle } from './redis.js';
import { pidExists, portRefuses } from './test-support/probes.js';

function client(url: string): Redis {
  return new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
}

describe('startRedis', () => {
  let redis: RedisHandle | undefined;

  beforeAll(async () => {
    const started = performance.now();
    redis = await startRedis();
    console.log(`redis started in ${Math.round(performance.now() - started)} ms`);
  });

  afterAll(async () => {
    await redis?.down();
  });

  it('answers SET and GET on loopback', async () => {
    const r = redis!;
    expect(r.url).toBe(`redis://127.0.0.1:${r.port}`);
    const c = client(r.url);
    await c.connect();
    try {
      await c.set('drill', 'ok');
      expect(await c.get('drill')).toBe('ok');
      expect(await c.config('GET', 'save')).toEqual(['save', '']);
      expect(await c.config('GET', 'appendonly')).toEqual(['appendonly', 'no']);
    } finally {
      c.disconnect();
    }
  });

  it('stop() refuses connections; start() serves again on the same port', async () => {
    const r = redis!;
    const pid = r.pid!;
    await r.stop();
    expect(r.pid).toBeUndefined();
    expect(pidExists(pid)).toBe(false);
    expect(await portRefuses(r.port)).toBe(true);
    const refused = client(r.url);
    const failure = new Promise<NodeJS.ErrnoException>((resolve) => refused.once('error', resolve));
    await expect(refused.connect()).rejects.toThrow();
    expect((await failure).code).toBe('ECONNREFUSED');
    refused.disconnect();
    await r.stop(); // idempotent

    await r.start();
    await r.start(); // idempotent
    const c = client(r.url);
    await c.connect();
    try {
      expect(await c.ping()).toBe('PONG');
      expect(await c.get('drill')).toBeNull(); // nothing is persisted
    } finally {
      c.disconnect();
    }
  });

  it('kill() is a crash; start() recovers', async () => {
    const r = redis!;
    const pid = r.pid!;
    await r.kill();
    expect(pidExists(pid)).toBe(false);
    expect(await portRefuses(r.port)).toBe(true);
    await r.start();
    expect(r.pid).toBeGreaterThan(0);
  });

  it('down() leaves no process, no listener and no temp folder', async () => {
    const r = redis!;
    const pid = r.pid!;
    await r.down();
    expect(pidExists(pid)).toBe(false);
    expect(await portRefuses(r.port)).toBe(true);
    expect(existsSync(r.dir)).toBe(false);
    await expect(r.start()).rejects.toThrow(/is down/);
  });
});
