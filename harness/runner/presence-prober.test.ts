import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startInfra,
  startPods,
  token,
  uniqueRoom,
  waitUntil,
  type Infra,
  type Stack,
} from '../../system-under-test/tests/support/stack.js';
import type { PodInfo } from '../env/provider.js';
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
  let infra: Infra;
  let stack: Stack;
  beforeAll(async () => {
    infra = await startInfra();
    stack = await startPods(infra, 2);
  }, 60_000);
  afterAll(async () => {
    await stack?.down();
    await infra?.down();
  });

  it('lists who is in each room, moving on from a pod that does not answer', async () => {
    const room = uniqueRoom('presence-probe');
    const served = stack.pod(1);
    const user = stack.client('u-present', [served.url]);
    await user.connect();
    await user.join(room);

    const events: Array<Unstamped<PresenceProbe>> = [];
    const dead: PodInfo = { name: 'pod-gone', zone: 'z', url: 'http://127.0.0.1:9' };
    const pods: PodInfo[] = [dead, { name: served.pod, zone: served.zone, url: served.url }];
    const prober = new PresenceProber({
      pods,
      rooms: () => [room],
      token: (r) => token(PRESENCE_OBSERVER, [r]),
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
      await waitUntil('a presence answer', () => events.length > 0, 10_000);
    } finally {
      prober.stop();
    }
    expect(events[0]).toMatchObject({
      type: 'probe.presence',
      room,
      pod: served.pod,
      enabled: true,
      members: [['u-present', served.pod]],
      ttlMs: 1_500,
    });
  }, 30_000);
});
