import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localProvider, type LocalTopology } from '../env/local/local-provider.js';
import type { PodInfo } from '../env/provider.js';
import { referencePod, referenceServices, referenceTarget } from '../targets/reference.js';
import { TokenIssuer } from '../targets/token-issuer.js';
import type { PresenceProbe, Unstamped } from '../history/events.js';
import { PRESENCE_OBSERVER, PresenceProber, presenceProbeFromBody } from './presence-prober.js';

describe('presenceProbeFromBody', () => {
  it('keeps distinct [userId, pod] pairs and refuses what is not a presence answer', () => {
    const at = { room: 'r1', pod: 'pod-a', ttlMs: 5_000, latencyMs: 3 };
    const entry = (userId: string, socketId: string, pod: string) => ({
      userId,
      socketId,
      pod,
      expiresAt: 1,
    });
    const body = {
      enabled: true,
      members: [entry('u1', 's1', 'pod-a'), entry('u1', 's2', 'pod-a'), entry('u1', 's3', 'pod-b'), 7],
    };
    expect(presenceProbeFromBody(body, at)).toEqual({
      type: 'probe.presence',
      ...at,
      enabled: true,
      members: [
        ['u1', 'pod-a'],
        ['u1', 'pod-b'],
      ],
    });
    expect(presenceProbeFromBody({ error: 'nope' }, at)).toBeNull();
  });
});

describe('PresenceProber on real gateways (PostgreSQL, Redis, two pods)', () => {
  const tokens = new TokenIssuer();
  let topology: LocalTopology;
  let logDir: string;
  beforeAll(async () => {
    logDir = mkdtempSync(path.join(os.tmpdir(), 'drill-presence-test-'));
    topology = await localProvider.up({
      pods: 2,
      zones: ['a', 'b'],
      services: referenceServices(false),
      databaseZone: 'a',
      timeScale: 0.1,
      logDir,
      pod: referencePod({
        REQUIRE_AUTH: 'true',
        JWT_SECRET: tokens.current,
        PING_INTERVAL_MS: '1000',
        PING_TIMEOUT_MS: '1000',
        LOG_LEVEL: 'warn',
      }),
      loadBalancer: { affinity: true, tunnelTimeoutMs: 8_000, checkIntervalMs: 500, allowUpgrade: true },
    });
  }, 60_000);
  afterAll(async () => {
    await topology?.down();
    rmSync(logDir, { recursive: true, force: true });
  });

  it('lists who is in each room, moving on from a pod that does not answer', async () => {
    const room = `presence-probe-${process.pid}`;
    const served = topology.pods[1]!;
    const user = referenceTarget().adapter.createUser({
      id: 'u-present',
      url: served.url,
      token: () => tokens.sign('u-present', [room]),
      transport: 'websocket',
      random: Math.random,
      sink: { record: () => undefined },
    });
    await user.connect();
    await user.join(room);

    const events: Array<Unstamped<PresenceProbe>> = [];
    const dead: PodInfo = { name: 'pod-gone', zone: 'z', url: 'http://127.0.0.1:9' };
    const pods: PodInfo[] = [dead, served];
    const prober = new PresenceProber({
      pods,
      rooms: () => [room],
      token: (r) => tokens.sign(PRESENCE_OBSERVER, [r]),
      sink: {
        record: (e) => {
          if (e.type === 'probe.presence') events.push(e);
        },
      },
      intervalMs: 200,
      ttlMs: 1_500,
    });
    prober.start();
    try {
      const deadline = Date.now() + 10_000;
      while (events.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    } finally {
      prober.stop();
      await user.close();
    }
    expect(events[0]).toMatchObject({
      type: 'probe.presence',
      room,
      pod: served.name,
      enabled: true,
      members: [['u-present', served.name]],
      ttlMs: 1_500,
    });
  }, 30_000);
});
