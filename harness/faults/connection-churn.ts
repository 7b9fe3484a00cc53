import pLimit from 'p-limit';
import type { Socket } from 'socket.io-client';
import { ClientEvents, type JoinReply } from '../targets/drill/protocol.js';
import { sleep } from '../load/sleep.js';
import type { FaultType } from './fault.js';
import { numberParam } from './fault-params.js';
import { closeSocket, handshake } from './raw-handshake.js';

const NAME = 'connection-churn';
const HANDSHAKE_TIMEOUT_MS = 5_000;
const JOIN_TIMEOUT_MS = 5_000;
/** Sockets closed at once at the end of a cycle. */
const CLOSE_CONCURRENCY = 64;

interface Settings {
  cycles: number;
  connectionsPerCycle: number;
  concurrency: number;
  /** Runbook seconds the cycle's connections stay open once all are in. */
  holdSeconds: number;
  /** Runbook seconds with no churn connection open after each cycle: the metrics scrapes see the pods quiet. */
  quietSeconds: number;
  rooms: number;
  /** Hard stop in runbook seconds, whatever is left of the cycles. */
  maxSeconds: number;
}

function settingsOf(params: Record<string, unknown>): Settings {
  const int = (key: keyof Settings, fallback: number, min = 1) =>
    numberParam(NAME, params, key, fallback, { min, integer: true });
  return {
    cycles: int('cycles', 8),
    connectionsPerCycle: int('connectionsPerCycle', 450),
    concurrency: int('concurrency', 48),
    holdSeconds: numberParam(NAME, params, 'holdSeconds', 2),
    quietSeconds: numberParam(NAME, params, 'quietSeconds', 10),
    rooms: int('rooms', 20),
    maxSeconds: numberParam(NAME, params, 'maxSeconds', 600, { min: 1 }),
  };
}

/**
 * Realtime runbook "Issue: High Memory Usage": connection churn through the load balancer. In bounded
 * cycles, short-lived clients with valid tokens connect, join a room of their own and disconnect, so
 * thousands of connections pass through the pods while the fleet stays connected. After each cycle
 * no churn connection is open for `quietSeconds`, so the metrics scrapes see each pod back at its
 * fleet's connections: what its memory and sessions are then is what the memory criteria judge.
 * Records churn.cycle (opening, closed with the count per pod) and never a client.* event: the
 * churn clients are not virtual users. The fleet is judged as bystanders (affectedPods is empty).
 *
 * params: `cycles` (8), `connectionsPerCycle` (450), `concurrency` (48), `holdSeconds` (2),
 * `quietSeconds` (10), `rooms` (20), `maxSeconds` (600); seconds are runbook seconds.
 */
export const connectionChurn: FaultType = {
  name: NAME,
  description: 'short-lived clients connect, join and disconnect through the load balancer, in cycles',
  requires: [],
  // Short-lived clients that handshake with signed tokens and join through the reference protocol.
  needs: ['drill-protocol', 'jwt-auth'],
  create(_target, params, ctx) {
    const tokens = ctx.tokens;
    if (tokens === undefined) throw new Error(`${NAME} needs the run token issuer (ctx.tokens)`);
    const s = settingsOf(params);
    const scaled = (runbookSeconds: number) => Math.round(runbookSeconds * 1000 * (ctx.timeScale ?? 1));
    const stop = new AbortController();
    const open = new Set<Socket>();
    let churning: Promise<void> = Promise.resolve();

    const connectAndJoin = async (cycle: number, i: number): Promise<string | null> => {
      if (stop.signal.aborted) return null;
      const room = `churn-room-${i % s.rooms}`;
      const result = await handshake(
        ctx.topology.entryUrl,
        { token: tokens.sign(`churn-${cycle}-${i}`, [room]) },
        HANDSHAKE_TIMEOUT_MS,
      );
      const socket = result.socket;
      if (socket === null) return null;
      open.add(socket);
      try {
        const reply = (await socket
          .timeout(JOIN_TIMEOUT_MS)
          .emitWithAck(ClientEvents.join, { room, lastSeq: null })) as JoinReply;
        return reply.ok ? (result.pod ?? 'unknown') : null;
      } catch {
        return null;
      }
    };

    const closeAll = async () => {
      const closing = pLimit(CLOSE_CONCURRENCY);
      const sockets = [...open];
      open.clear();
      await Promise.allSettled(sockets.map((socket) => closing(() => closeSocket(socket))));
    };

    const churn = async () => {
      const deadline = Date.now() + scaled(s.maxSeconds);
      const limit = pLimit(s.concurrency);
      for (let cycle = 1; cycle <= s.cycles; cycle++) {
        if (stop.signal.aborted || Date.now() > deadline) {
          const why = stop.signal.aborted ? 'the fault window ended' : `maxSeconds (${s.maxSeconds}) ran out`;
          ctx.sink.record({
            type: 'note',
            level: 'warn',
            message: `${NAME}: ${why} after ${cycle - 1} of ${s.cycles} cycles`,
          });
          break;
        }
        ctx.sink.record({ type: 'churn.cycle', cycle, state: 'opening', openedByPod: {}, failed: 0 });
        const pods = await Promise.all(
          Array.from({ length: s.connectionsPerCycle }, (_, i) => limit(() => connectAndJoin(cycle, i))),
        );
        const openedByPod: Record<string, number> = {};
        for (const pod of pods) if (pod !== null) openedByPod[pod] = (openedByPod[pod] ?? 0) + 1;
        const failed = stop.signal.aborted ? 0 : pods.filter((pod) => pod === null).length;
        await sleep(scaled(s.holdSeconds), stop.signal);
        await closeAll();
        ctx.sink.record({ type: 'churn.cycle', cycle, state: 'closed', openedByPod, failed });
        await sleep(scaled(s.quietSeconds), stop.signal);
      }
    };

    return {
      targets: [{ kind: 'load-balancer', name: 'load-balancer' }],
      affectedPods: [],
      unreadyPods: [],
      params: { ...s },
      async inject() {
        churning = churn().catch((error: unknown) => {
          ctx.sink.record({ type: 'note', level: 'error', message: `${NAME}: ${String(error)}` });
        });
      },
      async heal() {
        stop.abort();
        await churning;
        await closeAll();
      },
    };
  },
};
