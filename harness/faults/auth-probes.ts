// Handshakes with good and bad credentials, each recorded as an auth.attempt: what the auth-probe
// fault sends during the incident, and what the secret rotation sends once the old secret is retired.
import pLimit from 'p-limit';
import type { HandshakeAuth } from '../targets/drill/protocol.js';
import type { AuthProbeKind } from '../history/events.js';
import { newSecret, signWith, type TokenIssuer } from '../targets/token-issuer.js';
import type { FaultContext } from './fault.js';
import { closeSocket, handshake } from './raw-handshake.js';

/** The room every probe token grants: no virtual user is in it. */
export const PROBE_ROOM = 'security-probe';

const HANDSHAKE_TIMEOUT_MS = 5_000;
const CONCURRENCY = 8;

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned token (`alg: none`) with valid-looking claims: verifiers must not accept it. */
function unsignedToken(user: string): string {
  const now = Math.floor(Date.now() / 1000);
  return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ sub: user, rooms: [PROBE_ROOM], iat: now, exp: now + 3600 })}.`;
}

/** The handshake auth a probe of this kind presents, as `user` (a forged resume claims `victim`). */
export function credentials(
  kind: AuthProbeKind,
  tokens: TokenIssuer,
  user: string,
  victim: string,
): HandshakeAuth {
  const rooms = [PROBE_ROOM];
  switch (kind) {
    case 'valid':
      return { token: tokens.sign(user, rooms) };
    case 'wrong-signature':
      return { token: signWith(newSecret(), user, rooms, 3600) };
    case 'expired':
      return { token: signWith(tokens.current, user, rooms, -60) };
    case 'malformed':
      return { token: 'not-a-jwt' };
    case 'missing':
      return {};
    case 'alg-none':
      return { token: unsignedToken(user) };
    case 'forged-resume':
      // A reconnect claiming to resume an existing user's session, without a valid token.
      return { resume: true, userId: victim, token: signWith(newSecret(), victim, ['*'], 3600) };
    case 'old-secret': {
      const old = tokens.previous[0];
      if (old === undefined) throw new Error('an old-secret probe needs a rotated secret');
      return { token: signWith(old, user, rooms, 3600) };
    }
  }
}

export interface ProbeOptions {
  kinds: readonly AuthProbeKind[];
  /** Each kind is tried this many times through the load balancer and at every running pod. */
  rounds: number;
  /** The user a forged resume claims (a virtual user with a session). */
  victim: string;
}

/** Probe numbers per run (keyed by its history sink), so ids are unique within a run and repeatable. */
const probesSoFar = new WeakMap<object, number>();
function nextProbeId(ctx: FaultContext): string {
  const n = (probesSoFar.get(ctx.sink) ?? 0) + 1;
  probesSoFar.set(ctx.sink, n);
  return `probe-${String(n).padStart(4, '0')}`;
}

/** Runs every (round, route, kind) handshake, closes what was accepted, records each as auth.attempt. */
export async function runProbes(ctx: FaultContext, opts: ProbeOptions): Promise<void> {
  const tokens = ctx.tokens;
  if (tokens === undefined) throw new Error('auth probes need the run token issuer (ctx.tokens)');
  const routes = [
    { via: 'load-balancer', url: ctx.topology.entryUrl },
    ...ctx.topology.pods
      .filter((p) => ctx.topology.isPodRunning(p.name))
      .map((p) => ({ via: p.name, url: p.url })),
  ];
  const limit = pLimit(CONCURRENCY);
  const attempts = [];
  for (let round = 0; round < opts.rounds; round++)
    for (const route of routes)
      for (const kind of opts.kinds)
        attempts.push(
          limit(async () => {
            const probe = nextProbeId(ctx);
            const auth = credentials(kind, tokens, probe, opts.victim);
            const result = await handshake(route.url, auth, HANDSHAKE_TIMEOUT_MS);
            ctx.sink.record({
              type: 'auth.attempt',
              probe,
              kind,
              via: route.via,
              outcome: result.outcome,
              code: result.code,
              pod: result.pod,
              ...(kind === 'forged-resume' ? { claims: opts.victim } : {}),
            });
            if (result.socket) await closeSocket(result.socket);
          }),
        );
  await Promise.all(attempts);
}
