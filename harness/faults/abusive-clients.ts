import type { Socket } from 'socket.io-client';
import { ClientEvents, type SendRequest } from '../targets/drill/protocol.js';
import { sleep } from '../load/sleep.js';
import type { FaultContext, FaultType } from './fault.js';
import { closeSocket, handshake } from './raw-handshake.js';
import { numberParam } from './fault-params.js';

const HANDSHAKE_TIMEOUT_MS = 5_000;
const ACK_TIMEOUT_MS = 5_000;
/** Sends are fired in bursts this often. */
const TICK_MS = 20;
/** At most this many sends of one connection wait for their reply (the flood outpaces a stalled gateway). */
const MAX_IN_FLIGHT = 64;
/** Pause before an abuser comes back after its connection was cut or refused. */
const COMEBACK_MS = 250;
/** Hard stop if heal() never comes (each abuser also stops after `maxSends`). */
const MAX_RUN_MS = 15 * 60_000;

interface Settings {
  abusers: number;
  sendsPerSecond: number;
  reconnects: number;
  maxSends: number;
}

/** One connection's flood: bursts every TICK_MS until the server cuts it, `stop` is set or the cap is hit. */
async function flood(
  ctx: FaultContext,
  socket: Socket,
  who: { abuser: string; connection: string; room: string },
  budget: { left: number },
  rate: number,
  stopped: () => boolean,
): Promise<void> {
  let inFlight = 0;
  let sent = 0;
  let carry = 0;
  while (socket.connected && !stopped() && budget.left > 0) {
    carry += (rate * TICK_MS) / 1000;
    for (; carry >= 1 && budget.left > 0 && inFlight < MAX_IN_FLIGHT && socket.connected; carry--) {
      budget.left--;
      inFlight++;
      const sentAt = performance.now();
      const request: SendRequest = {
        room: who.room,
        clientMsgId: `${who.connection}-${sent++}`,
        body: 'spam',
      };
      socket.timeout(ACK_TIMEOUT_MS).emit(ClientEvents.send, request, (err: Error | null, reply: unknown) => {
        inFlight--;
        ctx.sink.record({
          type: 'abuse.reply',
          abuser: who.abuser,
          connection: who.connection,
          outcome: err ? 'no-reply' : replyOutcome(reply),
          latencyMs: Math.round(performance.now() - sentAt),
        });
      });
    }
    carry = Math.min(carry, 1);
    await sleep(TICK_MS);
  }
}

function replyOutcome(reply: unknown): string {
  if (typeof reply !== 'object' || reply === null || !('ok' in reply)) return 'malformed-reply';
  if (reply.ok === true) return 'ok';
  const error = 'error' in reply ? reply.error : undefined;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'malformed-reply';
}

/**
 * Realtime runbook "Performance Degradation › 2. Enable rate limiting" under "Security Incident":
 * `abusers` extra clients with valid tokens, each granted a room of its own (abuse-<n>, no virtual
 * user in it), connect through the load balancer and flood `message:send` at `sendsPerSecond` each,
 * far past RATE_LIMIT_MAX per RATE_LIMIT_WINDOW. When the gateway cuts a connection (STRICT_MODE) or
 * refuses it, the abuser comes back, at most `reconnects` times, as an attacker would. Records
 * abuse.connection (open/refused/closed, byServer) and one abuse.reply per send. Bounded: `maxSends`
 * per abuser, MAX_IN_FLIGHT unanswered per connection, and heal() stops and closes everything.
 * Disturbs nobody by design (affectedPods is empty): the well-behaved fleet is judged as bystanders.
 *
 * params: `abusers` (default 3), `sendsPerSecond` (default 50), `reconnects` (default 2), `maxSends`
 * (default 5000); `windowMs` is read by the rate-limit checker (the gateway's RATE_LIMIT_WINDOW).
 */
export const abusiveClients: FaultType = {
  name: 'abusive-clients',
  description: 'a few clients with valid tokens flood sends far past the rate limit',
  requires: [],
  // Its clients speak the reference protocol (join, send) with tokens the run signs.
  needs: ['drill-protocol', 'jwt-auth'],
  create(_target, params, ctx) {
    const tokens = ctx.tokens;
    if (tokens === undefined) throw new Error('abusive-clients needs the run token issuer (ctx.tokens)');
    const s: Settings = {
      abusers: numberParam('abusive-clients', params, 'abusers', 3, { min: 1, integer: true }),
      sendsPerSecond: numberParam('abusive-clients', params, 'sendsPerSecond', 50, { min: 1, integer: true }),
      reconnects: numberParam('abusive-clients', params, 'reconnects', 2, { min: 0, integer: true }),
      maxSends: numberParam('abusive-clients', params, 'maxSends', 5000, { min: 1, integer: true }),
    };
    let stop = false;
    const open = new Set<Socket>();
    const loops: Array<Promise<void>> = [];
    const startedAt = Date.now();
    const stopped = () => stop || Date.now() - startedAt > MAX_RUN_MS;

    const abuse = async (n: number) => {
      const abuser = `abuser-${n}`;
      const room = `abuse-${n}`;
      const budget = { left: s.maxSends };
      for (let c = 0; c <= s.reconnects && !stopped() && budget.left > 0; c++) {
        const connection = `${abuser}#${c}`;
        const result = await handshake(
          ctx.topology.entryUrl,
          { token: tokens.sign(abuser, [room]) },
          HANDSHAKE_TIMEOUT_MS,
        );
        const socket = result.socket;
        if (socket === null) {
          ctx.sink.record({
            type: 'abuse.connection',
            abuser,
            connection,
            state: 'refused',
            pod: null,
            code: result.code ?? result.outcome,
          });
          await sleep(COMEBACK_MS);
          continue;
        }
        open.add(socket);
        const end = { reason: 'closed by the harness', byServer: false };
        socket.once('disconnect', (reason) => {
          end.reason = reason;
          end.byServer = reason === 'io server disconnect';
        });
        ctx.sink.record({
          type: 'abuse.connection',
          abuser,
          connection,
          state: 'open',
          pod: result.pod,
          code: null,
        });
        await flood(ctx, socket, { abuser, connection, room }, budget, s.sendsPerSecond, stopped);
        if (socket.connected) await closeSocket(socket);
        open.delete(socket);
        ctx.sink.record({
          type: 'abuse.connection',
          abuser,
          connection,
          state: 'closed',
          pod: result.pod,
          code: null,
          reason: end.reason,
          byServer: end.byServer,
        });
        if (!stopped()) await sleep(COMEBACK_MS);
      }
    };

    return {
      targets: [{ kind: 'load-balancer', name: 'load-balancer' }],
      affectedPods: [],
      unreadyPods: [],
      params: { ...s },
      async inject() {
        for (let n = 1; n <= s.abusers; n++) loops.push(abuse(n));
      },
      async heal() {
        stop = true;
        await Promise.allSettled(loops);
        await Promise.allSettled([...open].map((socket) => closeSocket(socket)));
      },
    };
  },
};
