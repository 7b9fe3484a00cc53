import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GUARD_ENV,
  assertBadRequestsRefused,
  assertConnectionLimit,
  assertHandshakeAuth,
  assertSessionsReleased,
  assertCorsOrigin,
  badRequests,
  corsOrigin,
  connectionLimit,
  handshakeAuth,
  sessionRelease,
} from './probes/guards.js';
import { startInfra, startPods, type Infra, type Stack } from './support/stack.js';

describe('guards: bad input gets a clear error and the gateway keeps serving', () => {
  let infra: Infra;
  let stack: Stack;
  beforeAll(async () => {
    infra = await startInfra();
    stack = await startPods(infra, 1, GUARD_ENV);
  });
  afterAll(async () => {
    await stack?.down();
    await infra?.down();
  });

  it('refuses invalid, expired and missing tokens at every handshake, resumes included', async () => {
    assertHandshakeAuth(await handshakeAuth(stack));
  });

  it('answers a forbidden room, an oversized payload, a malformed event and a flood with error acks', async () => {
    assertBadRequestsRefused(await badRequests(stack));
  });

  it('refuses an Engine.IO handshake from an origin outside CORS_ORIGIN', async () => {
    assertCorsOrigin(await corsOrigin(stack));
  });

  it('refuses the connection past MAX_CONNECTIONS with server_full and keeps serving the others', async () => {
    assertConnectionLimit(await connectionLimit(stack));
  });

  it('releases every per-connection record when connections close', async () => {
    assertSessionsReleased(await sessionRelease(stack));
  });

  it('is still healthy and alive after all of the above', async () => {
    const res = await fetch(`${stack.pod(0).url}/health`);
    expect(res.status).toBe(200);
    expect(await Promise.race([stack.pod(0).exited.then(() => 'exited'), Promise.resolve('alive')])).toBe(
      'alive',
    );
  });
});
