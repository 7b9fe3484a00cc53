import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFECTS, type Defect } from '../gateway/defects.js';
import {
  assertHealthFollowsDatabase,
  assertSendsFailRetryablyAndNothingAckedIsLost,
  databaseOutage,
} from './probes/database-outage.js';
import {
  assertNotReadyWhileDatabaseUnreachable,
  assertReadyOnceDatabaseReachable,
  databaseDownAtStart,
} from './probes/database-at-start.js';
import { assertIdempotentRetry, idempotentRetry } from './probes/delivery.js';
import { assertGracefulShutdown, gracefulShutdown } from './probes/graceful-shutdown.js';
import {
  assertHandshakeAuth,
  assertSessionsReleased,
  handshakeAuth,
  sessionRelease,
} from './probes/guards.js';
import { assertDeadPodPresenceExpires, assertPodKillRecovery, podKill } from './probes/pod-failure.js';
import { assertRedisOutageDegradesGracefully, redisOutage } from './probes/redis-outage.js';
import {
  assertBlockedSendsComplete,
  assertHealthIgnoresPoolSaturation,
  saturatedSendPool,
} from './probes/saturated-pool.js';
import { startInfra, startPods, type Infra, type Stack } from './support/stack.js';

// Each defect switch must make at least one of the reference assertions fail: the probe runs
// against a gateway with the switch on and the very assertion the reference tests use must throw.
interface DefectCase {
  pods: number;
  probe: (stack: Stack) => Promise<unknown>;
  breaks: (o: never) => void;
  /** An assertion of the same probe that the defect must leave intact: it breaks one promise only. */
  keeps?: (o: never) => void;
}

const CASES: Record<Defect, DefectCase> = {
  'no-replay': {
    pods: 2,
    probe: podKill,
    breaks: assertPodKillRecovery,
    keeps: assertDeadPodPresenceExpires,
  },
  'presence-no-ttl': {
    pods: 2,
    probe: podKill,
    breaks: assertDeadPodPresenceExpires,
    keeps: assertPodKillRecovery,
  },
  'ack-before-commit': {
    pods: 1,
    probe: databaseOutage,
    breaks: assertSendsFailRetryablyAndNothingAckedIsLost,
  },
  'health-ignores-db': {
    pods: 1,
    probe: databaseOutage,
    breaks: assertHealthFollowsDatabase,
    keeps: assertSendsFailRetryablyAndNothingAckedIsLost,
  },
  'no-idempotency': { pods: 1, probe: idempotentRetry, breaks: assertIdempotentRetry },
  'no-drain': { pods: 2, probe: gracefulShutdown, breaks: assertGracefulShutdown },
  'redis-fatal': { pods: 2, probe: redisOutage, breaks: assertRedisOutageDegradesGracefully },
  'leak-on-disconnect': { pods: 1, probe: sessionRelease, breaks: assertSessionsReleased },
  'auth-skip-on-resume': { pods: 1, probe: handshakeAuth, breaks: assertHandshakeAuth },
  'ready-before-database': {
    pods: 0,
    probe: databaseDownAtStart,
    breaks: assertNotReadyWhileDatabaseUnreachable,
    keeps: assertReadyOnceDatabaseReachable,
  },
  'health-shares-pool': {
    pods: 0,
    probe: saturatedSendPool,
    breaks: assertHealthIgnoresPoolSaturation,
    keeps: assertBlockedSendsComplete,
  },
};

describe('defect switches: each is caught by a reference assertion', () => {
  let infra: Infra;
  beforeAll(async () => {
    infra = await startInfra();
  });
  afterAll(async () => infra?.down());

  it('covers every defect the gateway knows', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(DEFECTS).sort());
  });

  for (const [defect, c] of Object.entries(CASES) as Array<[Defect, DefectCase]>) {
    it(`SUT_DEFECTS=${defect} fails: ${DEFECTS[defect]}`, async () => {
      const stack = await startPods(infra, c.pods, { SUT_DEFECTS: defect });
      try {
        const observed = (await c.probe(stack)) as never;
        let failure: unknown;
        try {
          c.breaks(observed);
        } catch (err) {
          failure = err;
        }
        expect(failure, 'the reference assertion must fail').toBeInstanceOf(Error);
        expect((failure as Error).name, String(failure)).toBe('AssertionError');
        if (c.keeps) c.keeps(observed);
      } finally {
        await stack.down();
      }
    });
  }
});
