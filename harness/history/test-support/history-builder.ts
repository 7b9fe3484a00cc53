import type { EventOfType, FaultTarget, HistoryEvent, Phase, Unstamped } from '../events.js';

export const WALL_CLOCK_AT_0 = 1_700_000_000_000;

export interface BuilderOptions {
  pods?: string[];
  timeScale?: number;
}

/**
 * Writes test histories in a few lines: `at(t)` moves the clock, every other call appends one
 * event (or two) at the current time. Message ids and commit times are remembered per (room, seq)
 * so later deliveries and audits need only the seq.
 */
export class HistoryBuilder {
  private readonly events: HistoryEvent[] = [];
  private now = 0;
  private readonly connectedBefore = new Set<string>();
  private readonly messages = new Map<string, { clientMsgId: string; commitT: number }>();

  constructor(options: BuilderOptions = {}) {
    const pods = options.pods ?? ['pod-a', 'pod-b', 'pod-c'];
    this.push({
      type: 'run.start',
      version: 1,
      scenario: 'test',
      seed: 1,
      timeScale: options.timeScale ?? 1,
      wallClockAt0: WALL_CLOCK_AT_0,
      clients: 0,
      pods: pods.map((name, i) => ({ name, zone: `zone-${i}` })),
    });
  }

  at(t: number): this {
    if (t < this.now) throw new Error(`time goes backwards: ${t} < ${this.now}`);
    this.now = t;
    return this;
  }

  push(event: Unstamped<HistoryEvent>): this {
    this.events.push({ t: this.now, ...event } as HistoryEvent);
    return this;
  }

  phase(phase: Phase): this {
    return this.push({ type: 'phase', phase });
  }

  rooms(rooms: Record<string, string[]>): this {
    return this.push({ type: 'rooms.assigned', rooms });
  }

  /** client.connect and client.attach on `pod`. */
  connect(client: string, pod: string): this {
    const reconnect = this.connectedBefore.has(client);
    this.connectedBefore.add(client);
    this.push({ type: 'client.connect', client, pod, transport: 'websocket', attempt: 1, reconnect });
    return this.push({ type: 'client.attach', client, pod, zone: 'zone' });
  }

  disconnect(
    client: string,
    options: { pod?: string | null; reason?: string; planned?: boolean } = {},
  ): this {
    return this.push({
      type: 'client.disconnect',
      client,
      pod: options.pod ?? null,
      reason: options.reason ?? 'transport close',
      planned: options.planned ?? false,
    });
  }

  join(client: string, room: string, fromSeq = 0): this {
    return this.push({ type: 'client.join', client, room, fromSeq });
  }

  resumed(client: string, room: string): this {
    return this.push({ type: 'client.resumed', client, room, replayed: 0, reset: false });
  }

  /** connect + join + resumed for each room: a client that is up and caught up. */
  online(client: string, pod: string, rooms: string[] = []): this {
    this.connect(client, pod);
    for (const room of rooms) this.join(client, room).resumed(client, room);
    return this;
  }

  closed(client: string): this {
    return this.push({ type: 'client.closed', client });
  }

  /** send.ok for seq in room; the message id defaults to `<room>#<seq>`. */
  ack(client: string, room: string, seq: number, clientMsgId = `${room}#${seq}`): this {
    this.messages.set(`${room}#${seq}`, { clientMsgId, commitT: this.now });
    return this.push({ type: 'send.ok', client, room, clientMsgId, seq, attempts: 1, latencyMs: 5 });
  }

  /** A delivery of a message acked earlier (else committed now), `latencyMs` after its commit by default. */
  deliver(client: string, room: string, seq: number, options: { latencyMs?: number } = {}): this {
    const message = this.message(room, seq);
    const committedAt =
      options.latencyMs !== undefined
        ? WALL_CLOCK_AT_0 + this.now - options.latencyMs
        : WALL_CLOCK_AT_0 + message.commitT;
    return this.push({
      type: 'deliver',
      client,
      room,
      seq,
      clientMsgId: message.clientMsgId,
      sender: 'sender',
      committedAt,
    });
  }

  /** Delivers seq to each client. */
  deliverTo(clients: string[], room: string, seq: number): this {
    for (const client of clients) this.deliver(client, room, seq);
    return this;
  }

  audit(room: string, seqs: number[]): this {
    const messages = seqs.map((seq) => ({ seq, clientMsgId: this.message(room, seq).clientMsgId }));
    return this.push({ type: 'audit.committed', room, messages });
  }

  faultStart(id: string, affectedPods: string[], targets: FaultTarget[] = []): this {
    return this.push({ type: 'fault.start', id, fault: id.replace(/-\d+$/, ''), targets, affectedPods });
  }

  faultEnd(id: string): this {
    return this.push({ type: 'fault.end', id, fault: id.replace(/-\d+$/, '') });
  }

  /** A harness.load sample ending now: a busy harness by default, late by `loopLateMaxMs`. */
  harnessLoad(loopLateMaxMs: number, figures: Partial<EventOfType<'harness.load'>> = {}): this {
    return this.push({
      type: 'harness.load',
      intervalMs: 1000,
      ownCpu: 1,
      machineBusy: 1,
      steal: 0,
      loadAvg1: 5,
      cores: 2,
      loopLateMaxMs,
      ...figures,
    });
  }

  probe(pod: string, status: number | null, options: Partial<EventOfType<'probe.health'>> = {}): this {
    return this.push({
      type: 'probe.health',
      pod,
      endpoint: options.endpoint ?? '/health',
      status,
      latencyMs: options.latencyMs ?? 2,
      expectedReady: options.expectedReady ?? true,
    });
  }

  end(): this {
    return this.push({ type: 'run.end', outcome: 'completed' });
  }

  build(): HistoryEvent[] {
    return [...this.events];
  }

  private message(room: string, seq: number) {
    const key = `${room}#${seq}`;
    let message = this.messages.get(key);
    if (message === undefined) {
      message = { clientMsgId: key, commitT: this.now };
      this.messages.set(key, message);
    }
    return message;
  }
}
