import { DrillClient, type DrillClientOptions } from '../../../system-under-test/client/index.js';
import type { VirtualUserConnection, VirtualUserOptions, WorkloadAdapter } from '../adapter.js';

/** Settings of the drill adapter itself: overrides of the reference SDK's options for every user. */
export interface DrillAdapterOptions {
  /**
   * DrillClientOptions for every user (backoff, timeouts, socketOptions, …). `urls`, `clientId`,
   * `random`, `token`/`userId` and `transport` come from the virtual user; set them here to override.
   */
  client?: Partial<DrillClientOptions>;
}

/** The reference protocol through the reference SDK (resume, outbox, gap fill, polling fallback). */
export function createDrillAdapter(options: DrillAdapterOptions = {}): WorkloadAdapter {
  return {
    kind: 'drill',
    createUser: (user) => new DrillConnection(user, options.client ?? {}),
  };
}

/**
 * The SDK's clientMsgId is `<clientId>-<16 hex>-<counter in base 36>`, the counter running 1, 2, 3…
 * per client instance; with clientId = the sender's user id it is the per-sender sequence number.
 */
export function senderSeqOf(clientMsgId: string, sender: string): number | undefined {
  if (!clientMsgId.startsWith(`${sender}-`)) return undefined;
  const m = /^-[0-9a-f]{16}-([0-9a-z]+)$/.exec(clientMsgId.slice(sender.length));
  if (!m) return undefined;
  const n = parseInt(m[1]!, 36);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** One virtual user: an SDK client whose every lifecycle event, send and delivery goes to the history. */
export class DrillConnection implements VirtualUserConnection {
  readonly id: string;
  readonly client: DrillClient;
  private pod: string | null = null;
  /** Rooms whose first join is under way: their client.join is recorded at the first resume. */
  private readonly joining = new Set<string>();
  sendsInFlight = 0;
  /** The SDK's last error (code: message), to say why a user could not connect. */
  lastError: string | null = null;

  constructor(
    private readonly user: VirtualUserOptions,
    overrides: Partial<DrillClientOptions> = {},
  ) {
    this.id = user.id;
    const token = user.token;
    this.client = new DrillClient({
      urls: [user.url],
      transport: user.transport,
      random: user.random,
      ...(token ? { token: () => token() } : { userId: user.id }),
      ...overrides,
      socketOptions: { withCredentials: true, ...overrides.socketOptions },
      clientId: overrides.clientId ?? user.id,
    });
    this.wire();
  }

  get connected(): boolean {
    return this.client.state === 'live' || this.client.state === 'polling';
  }

  get servedBy(): string | null {
    return this.connected ? this.pod : null;
  }

  connect(): Promise<void> {
    return this.client.connect();
  }

  async join(room: string): Promise<void> {
    this.joining.add(room);
    try {
      await this.client.join(room);
    } finally {
      this.joining.delete(room);
    }
  }

  /** Fire and record: the outcome lands in the history as send.ok, send.fail or send.unknown. */
  send(room: string, body: string): void {
    this.sendsInFlight++;
    this.client
      .send(room, body)
      .catch(() => undefined) // recorded from the sendFailed event
      .finally(() => this.sendsInFlight--);
  }

  /** Catches every joined room up to its head (the server's replay). */
  sync(): Promise<void> {
    return this.client.sync();
  }

  async close(): Promise<void> {
    this.user.sink.record({ type: 'client.closed', client: this.id });
    await this.client.close();
  }

  private wire(): void {
    const { client, id } = this;
    const sink = this.user.sink;
    client.on('error', (e) => {
      this.lastError = `${e.code}: ${e.message}`;
    });
    client.on('connected', (e) =>
      sink.record({
        type: 'client.connect',
        client: id,
        pod: null,
        transport: e.transport,
        attempt: e.attempt,
        reconnect: e.resumed,
      }),
    );
    client.on('welcome', (e) => {
      this.pod = e.pod;
      sink.record({ type: 'client.attach', client: id, pod: e.pod, zone: e.zone });
    });
    client.on('disconnected', (e) =>
      sink.record({
        type: 'client.disconnect',
        client: id,
        pod: this.pod,
        reason: e.reason,
        planned: e.planned,
      }),
    );
    client.on('resumed', (e) => {
      if (this.joining.delete(e.room)) {
        // Membership starts at the head the join found: what is delivered now minus what the
        // join itself delivered while catching up.
        const fromSeq = Math.max(0, (client.lastSeq(e.room) ?? 0) - e.replayed);
        sink.record({ type: 'client.join', client: id, room: e.room, fromSeq });
      }
      sink.record({ type: 'client.resumed', client: id, room: e.room, replayed: e.replayed, reset: e.reset });
    });
    client.on('gapFilled', (e) => sink.record({ type: 'client.gap', client: id, ...e }));
    client.on('reset', (e) => sink.record({ type: 'client.reset', client: id, ...e }));
    client.on('state', (e) => sink.record({ type: 'client.state', client: id, from: e.from, to: e.to }));
    client.on('shutdownNotice', (e) =>
      sink.record({ type: 'client.shutdown-notice', client: id, pod: e.pod }),
    );
    client.on('message', (m) => {
      const senderSeq = senderSeqOf(m.clientMsgId, m.sender);
      sink.record({
        type: 'deliver',
        client: id,
        room: m.room,
        seq: m.seq,
        clientMsgId: m.clientMsgId,
        sender: m.sender,
        committedAt: m.committedAt,
        ...(senderSeq === undefined ? {} : { senderSeq }),
      });
    });
    client.on('sendAttempt', (e) => {
      if (e.attempt !== 1) return;
      const senderSeq = senderSeqOf(e.clientMsgId, id);
      sink.record({
        type: 'send.invoke',
        client: id,
        room: e.room,
        clientMsgId: e.clientMsgId,
        ...(senderSeq === undefined ? {} : { senderSeq }),
      });
    });
    client.on('sendAcked', (e) =>
      sink.record({
        type: 'send.ok',
        client: id,
        room: e.room,
        clientMsgId: e.clientMsgId,
        seq: e.seq,
        attempts: e.attempts,
        latencyMs: e.latencyMs,
      }),
    );
    client.on('sendFailed', (e) =>
      sink.record({
        type: e.outcome === 'unknown' ? 'send.unknown' : 'send.fail',
        client: id,
        room: e.room,
        clientMsgId: e.clientMsgId,
        code: e.code,
      }),
    );
  }
}
