// The send queue of one user: sends queued while it is away, emitted with or without an ack once it
// is in, each recorded as send.ok / send.fail / send.unknown, and the count of those in flight.
import type { Socket } from 'socket.io-client';
import type { VirtualUserOptions } from '../adapter.js';
import type { EmitStep } from '../target.js';
import type { SocketIoEventsAdapterOptions } from './adapter.js';
import { correlationId } from './correlation.js';
import { ackTimeout, dataOf, matches, short } from './steps.js';
import type { TemplateContext } from './template.js';

/** What the queue needs of its connection. */
export interface SendQueueHost {
  readonly client: string;
  readonly socket: Socket;
  /** The target's send step. */
  readonly step: EmitStep;
  readonly options: SocketIoEventsAdapterOptions;
  readonly sink: VirtualUserOptions['sink'];
  /** correlation id → epoch ms it was emitted, shared with delivery recognition. */
  readonly sentAt: Map<string, number>;
  /** Logged in (and joined): sends may go out. */
  isReady(): boolean;
  context(room: string): TemplateContext;
  /** Something happened at this epoch ms (sync() waits for a quiet spell). */
  touch(at: number): void;
}

interface QueuedSend {
  room: string;
  body: string;
  correlationId: string;
  senderSeq: number;
  timer: NodeJS.Timeout | null;
}

export class SendQueue {
  private senderSeq = 0;
  private pending = 0;
  private readonly queue: QueuedSend[] = [];

  constructor(private readonly host: SendQueueHost) {}

  /** Sends invoked and not yet settled (acked, refused, timed out, or emitted without ack). */
  get inFlight(): number {
    return this.pending;
  }

  send(room: string, body: string): void {
    const { host } = this;
    const senderSeq = ++this.senderSeq;
    const id = correlationId(host.client, senderSeq);
    this.pending++;
    host.sink.record({ type: 'send.invoke', client: host.client, room, clientMsgId: id, senderSeq });
    const item: QueuedSend = { room, body, correlationId: id, senderSeq, timer: null };
    if (host.isReady() && this.queue.length === 0) {
      this.emitSend(item);
      return;
    }
    if (host.step.acknowledge) {
      // Never went out within the ack timeout: definitely not committed.
      item.timer = setTimeout(
        () => {
          const at = this.queue.indexOf(item);
          if (at < 0) return;
          this.queue.splice(at, 1);
          this.settle();
          host.sink.record({
            type: 'send.fail',
            client: host.client,
            room,
            clientMsgId: id,
            code: 'not_connected',
          });
        },
        ackTimeout(host.step, host.options),
      );
    }
    this.queue.push(item);
  }

  /** In again: the queued sends go out, in order. */
  flush(): void {
    while (this.host.isReady() && this.queue.length > 0) {
      const item = this.queue.shift()!;
      if (item.timer) clearTimeout(item.timer);
      this.emitSend(item);
    }
  }

  /** Closed: the queued sends never go out (a send.fail each when acks were expected). */
  failAll(): void {
    const { host } = this;
    for (const item of this.queue.splice(0)) {
      if (item.timer) clearTimeout(item.timer);
      this.settle();
      if (host.step.acknowledge) {
        host.sink.record({
          type: 'send.fail',
          client: host.client,
          room: item.room,
          clientMsgId: item.correlationId,
          code: 'closed',
        });
      }
    }
  }

  private emitSend(item: QueuedSend): void {
    const { host } = this;
    const { room, correlationId: clientMsgId, senderSeq } = item;
    const step = host.step;
    const data = dataOf(step, {
      ...host.context(room),
      body: item.body,
      correlationId: clientMsgId,
      senderSeq,
    });
    const started = Date.now();
    host.sentAt.set(clientMsgId, started);
    host.touch(started);
    if (!step.acknowledge) {
      host.socket.emit(step.emit, ...data);
      this.settle();
      return;
    }
    const base = { client: host.client, room, clientMsgId };
    host.socket
      .timeout(ackTimeout(step, host.options))
      .emit(step.emit, ...data, (err: Error | null, reply: unknown) => {
        this.settle();
        if (err) {
          const code = /timed out/.test(err.message) ? 'timeout' : 'disconnected';
          host.sink.record({ type: 'send.unknown', ...base, code });
        } else if (!matches(step, reply)) {
          host.sink.record({ type: 'send.fail', ...base, code: `rejected: ${short(reply)}` });
        } else {
          // This protocol numbers nothing: no seq (capability server-sequence absent).
          host.sink.record({
            type: 'send.ok',
            ...base,
            attempts: 1,
            latencyMs: Date.now() - started,
          });
        }
      });
  }

  private settle(): void {
    this.pending--;
    this.host.touch(Date.now());
  }
}
