import type {
  ChatMessage,
  ErrorBody,
  FetchReply,
  FetchRequest,
  JoinReply,
  JoinRequest,
  LeaveReply,
  LeaveRequest,
  RoomPage,
} from '../protocol.js';
import { deferred, type Deferred } from './deferred.js';
import { DrillError } from './errors.js';
import type { ClientStats, EmitFn } from './events.js';
import { RoomStream, type StreamUpdate } from './room-stream.js';
import type { CancelTimer, TimerSet } from './timers.js';

/** Room requests on one connection; they reject with DrillError `timeout` / `disconnected`. */
export interface RoomRpc {
  join(request: JoinRequest): Promise<JoinReply>;
  fetch(request: FetchRequest): Promise<FetchReply>;
  leave(request: LeaveRequest): Promise<LeaveReply>;
}

export interface RoomSyncOptions {
  emit: EmitFn;
  stats: ClientStats;
  timers: TimerSet;
  fetchLimit: number;
  /** Delay before retry number `failures` (0-based) of a room request, at least `retryAfterMs`. */
  retryDelay(failures: number, retryAfterMs: number | undefined): number;
  /** Sends to the room may go out now: it was joined on the current connection, or it is no longer tracked. */
  onSendable(room: string): void;
  now?: () => number;
}

/** Fetches that bring nothing although the room is behind, before the SDK stops waiting for the missing seqs. */
const MAX_STALLED_FETCHES = 5;

interface Resume {
  readonly startedAt: number;
  replayed: number;
  reset: boolean;
  readonly done: Deferred<boolean>;
}

interface RoomEntry {
  readonly room: string;
  readonly stream: RoomStream;
  /** Joined on the current connection. */
  joined: boolean;
  /** The connection whose catch-up loop is running: at most one fetch in flight per room. */
  fetching: RoomRpc | null;
  /** Set from `room:join` until caught up. */
  resume: Resume | null;
  failures: number;
  stalls: number;
  cancelRetry: CancelTimer | null;
  readonly joinWaiters: Deferred<void>[];
  readonly syncWaiters: Array<{ target: number; waiter: Deferred<void> }>;
}

/**
 * Keeps every joined room in step with the server: joins (and re-joins with the last seq on every
 * connection), replays, fills gaps, follows heads, and hands messages to the app in order, once.
 */
export class RoomSync {
  private readonly rooms = new Map<string, RoomEntry>();
  private rpc: RoomRpc | null = null;
  private readonly now: () => number;

  constructor(private readonly options: RoomSyncOptions) {
    this.now = options.now ?? Date.now;
  }

  names(): string[] {
    return [...this.rooms.keys()];
  }

  lastSeq(room: string): number | null {
    return this.rooms.get(room)?.stream.lastSeq ?? null;
  }

  /** Rooms the app did not join through the SDK are the server's business. */
  canSend(room: string): boolean {
    const entry = this.rooms.get(room);
    return entry === undefined || entry.joined;
  }

  /** Resolves once joined and caught up; before a connection exists the join waits for it. */
  join(room: string, lastSeq: number | null): Promise<void> {
    const existing = this.rooms.get(room);
    if (existing !== undefined) {
      if (existing.joined && existing.resume === null) return Promise.resolve();
      const waiter = deferred<void>();
      existing.joinWaiters.push(waiter);
      return waiter.promise;
    }
    const entry: RoomEntry = {
      room,
      stream: new RoomStream(lastSeq),
      joined: false,
      fetching: null,
      resume: null,
      failures: 0,
      stalls: 0,
      cancelRetry: null,
      joinWaiters: [],
      syncWaiters: [],
    };
    const waiter = deferred<void>();
    entry.joinWaiters.push(waiter);
    this.rooms.set(room, entry);
    if (this.rpc !== null) void this.startResume(entry, this.rpc);
    return waiter.promise;
  }

  async leave(room: string): Promise<void> {
    const entry = this.rooms.get(room);
    if (entry === undefined) return;
    const rpc = this.rpc;
    this.drop(entry, new DrillError('left', `left ${room} before the join completed`), false);
    if (rpc === null) return;
    try {
      await rpc.leave({ room });
    } catch {
      // The server forgets our rooms when the connection goes anyway.
    }
  }

  /** A new connection: re-joins every room. Resolves true once all are caught up, false if the connection went first. */
  async online(rpc: RoomRpc): Promise<boolean> {
    this.rpc = rpc;
    const resumes = [...this.rooms.values()].map((entry) => this.startResume(entry, rpc));
    const results = await Promise.all(resumes);
    return results.every(Boolean);
  }

  offline(): void {
    this.rpc = null;
    for (const entry of this.rooms.values()) {
      entry.joined = false;
      entry.fetching = null;
      this.cancelRetry(entry);
      entry.resume?.done.resolve(false);
      entry.resume = null;
    }
  }

  message(message: ChatMessage): void {
    const entry = this.rooms.get(message.room);
    if (entry === undefined) return;
    this.deliver(entry, entry.stream.push(message));
    if (this.rpc !== null && entry.stream.behind) this.fill(entry, this.rpc);
  }

  /** Heads learned from `rooms:sync` or `room:heads`: rooms behind them fetch what they miss. */
  heads(heads: Record<string, number>): void {
    for (const [room, head] of Object.entries(heads)) {
      const entry = this.rooms.get(room);
      if (entry === undefined) continue;
      entry.stream.noteHead(head);
      if (this.rpc !== null && entry.stream.behind) this.fill(entry, this.rpc);
    }
  }

  /** Resolves when every listed room (still joined) has delivered up to its head, or was told it is caught up. */
  async waitForHeads(heads: Record<string, number>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const [room, target] of Object.entries(heads)) {
      const entry = this.rooms.get(room);
      const last = entry?.stream.lastSeq ?? null;
      if (entry === undefined || (last !== null && last >= target)) continue;
      const waiter = deferred<void>();
      entry.syncWaiters.push({ target, waiter });
      waits.push(waiter.promise);
    }
    await Promise.all(waits);
  }

  /** The client gave up (or closed): everyone waiting hears `error`; the rooms stay for a later connect(). */
  failWaiters(error: DrillError): void {
    for (const entry of this.rooms.values()) {
      for (const waiter of entry.joinWaiters.splice(0)) waiter.reject(error);
      for (const { waiter } of entry.syncWaiters.splice(0)) waiter.reject(error);
    }
  }

  close(error: DrillError): void {
    this.offline();
    this.failWaiters(error);
    this.rooms.clear();
  }

  private startResume(entry: RoomEntry, rpc: RoomRpc): Promise<boolean> {
    entry.resume?.done.resolve(false);
    const resume: Resume = { startedAt: this.now(), replayed: 0, reset: false, done: deferred<boolean>() };
    entry.resume = resume;
    void this.sendJoin(entry, rpc);
    return resume.done.promise;
  }

  private async sendJoin(entry: RoomEntry, rpc: RoomRpc): Promise<void> {
    let reply: JoinReply;
    try {
      reply = await rpc.join({ room: entry.room, lastSeq: entry.stream.lastSeq });
    } catch {
      if (this.isCurrent(entry, rpc)) this.retryLater(entry, rpc, () => void this.sendJoin(entry, rpc));
      return;
    }
    if (!this.isCurrent(entry, rpc)) return;
    if (!reply.ok) {
      this.onErrorReply(entry, rpc, reply.error, () => void this.sendJoin(entry, rpc));
      return;
    }
    entry.failures = 0;
    entry.joined = true;
    this.applyPage(entry, reply);
    if (!this.isCurrent(entry, rpc)) return;
    this.options.onSendable(entry.room);
    this.fill(entry, rpc);
  }

  /** Fetches until the room holds everything up to the heads it knows of; one loop per room. */
  private fill(entry: RoomEntry, rpc: RoomRpc): void {
    if (!this.isCurrent(entry, rpc) || !entry.joined || entry.fetching === rpc) return;
    if (!entry.stream.behind) {
      this.caughtUp(entry);
      return;
    }
    entry.fetching = rpc;
    void this.fetchLoop(entry, rpc);
  }

  private async fetchLoop(entry: RoomEntry, rpc: RoomRpc): Promise<void> {
    try {
      while (this.isCurrent(entry, rpc) && entry.stream.behind) {
        const after = entry.stream.lastSeq ?? 0;
        let reply: FetchReply;
        try {
          reply = await rpc.fetch({ room: entry.room, after, limit: this.options.fetchLimit });
        } catch {
          if (this.isCurrent(entry, rpc)) this.retryLater(entry, rpc, () => this.fill(entry, rpc));
          return;
        }
        if (!this.isCurrent(entry, rpc)) return;
        if (!reply.ok) {
          this.onErrorReply(entry, rpc, reply.error, () => this.fill(entry, rpc));
          return;
        }
        this.applyPage(entry, reply);
        if (!this.isCurrent(entry, rpc)) return;
        if (entry.stream.lastSeq !== after || reply.reset) {
          entry.failures = 0;
          entry.stalls = 0;
        } else if (!this.resolveStall(entry, reply)) {
          this.retryLater(entry, rpc, () => this.fill(entry, rpc));
          return;
        }
      }
    } finally {
      if (entry.fetching === rpc) entry.fetching = null;
    }
    if (this.isCurrent(entry, rpc) && !entry.stream.behind) this.caughtUp(entry);
  }

  private applyPage(entry: RoomEntry, page: RoomPage): void {
    const stream = entry.stream;
    if (page.reset) {
      this.jump(entry, page.head);
      return;
    }
    if (stream.lastSeq === null) {
      const first = page.messages[0];
      this.deliver(entry, stream.anchor(first === undefined ? page.head : first.seq - 1));
    }
    stream.noteHead(page.head);
    this.deliver(entry, stream.pushAll(page.messages));
  }

  /**
   * A fetch after lastSeq brought nothing new although the room is behind. Returns true when the stall
   * is settled (the loop goes on), false to retry later.
   */
  private resolveStall(entry: RoomEntry, page: RoomPage): boolean {
    const stream = entry.stream;
    const after = stream.lastSeq ?? 0;
    const firstBeyond = lowest(page.messages.map((message) => message.seq).filter((seq) => seq > after));
    if (firstBeyond !== undefined) {
      // Asked for what follows `after`, the server skipped seqs: they do not exist. Jump the hole.
      this.reportHole(entry, after, firstBeyond - 1);
      return true;
    }
    if (stream.bufferedCount === 0 && page.head <= after) {
      // We had heard of a head the server now says does not exist.
      stream.settleHead(page.head);
      return true;
    }
    entry.stalls += 1;
    if (entry.stalls < MAX_STALLED_FETCHES) return false;
    entry.stalls = 0;
    const knownTo = stream.bufferedCount > 0 ? stream.missing?.to : undefined;
    if (knownTo !== undefined && knownTo > after) this.reportHole(entry, after, knownTo);
    else stream.settleHead(after);
    return true;
  }

  private reportHole(entry: RoomEntry, after: number, to: number): void {
    this.options.emit('error', {
      code: 'seq_hole',
      message: `room ${entry.room}: seqs ${after + 1}..${to} cannot be fetched; skipped`,
      room: entry.room,
    });
    this.jump(entry, to);
  }

  private jump(entry: RoomEntry, to: number): void {
    const update = entry.stream.reset(to);
    if (update.from !== update.to) {
      if (entry.resume !== null) entry.resume.reset = true;
      this.options.emit('reset', { room: entry.room, from: update.from, to: update.to });
    }
    this.deliver(entry, update);
  }

  private deliver(entry: RoomEntry, update: StreamUpdate): void {
    const { emit, stats } = this.options;
    stats.duplicatesDropped += update.duplicates;
    for (const message of update.delivered) {
      // A listener may have left the room or closed the client.
      if (this.rooms.get(entry.room) !== entry) return;
      if (entry.resume !== null) {
        entry.resume.replayed += 1;
        stats.replayed += 1;
      }
      emit('message', message);
    }
    // Gaps closed by a resume are reported by `resumed`.
    if (update.gapClosed !== null && entry.resume === null) {
      const { from, to } = update.gapClosed;
      stats.gapsFilled += 1;
      emit('gapFilled', { room: entry.room, from, to, count: to - from + 1 });
    }
    const last = entry.stream.lastSeq;
    if (last === null || entry.syncWaiters.length === 0) return;
    for (let i = entry.syncWaiters.length - 1; i >= 0; i -= 1) {
      const waiting = entry.syncWaiters[i];
      if (waiting !== undefined && waiting.target <= last) {
        entry.syncWaiters.splice(i, 1);
        waiting.waiter.resolve();
      }
    }
  }

  private caughtUp(entry: RoomEntry): void {
    entry.stalls = 0;
    const resume = entry.resume;
    if (resume !== null) {
      entry.resume = null;
      this.options.emit('resumed', {
        room: entry.room,
        replayed: resume.replayed,
        reset: resume.reset,
        durationMs: this.now() - resume.startedAt,
      });
      resume.done.resolve(true);
    }
    for (const waiter of entry.joinWaiters.splice(0)) waiter.resolve();
    // The server confirmed there is nothing more: heads we waited for were stale.
    for (const { waiter } of entry.syncWaiters.splice(0)) waiter.resolve();
  }

  private onErrorReply(entry: RoomEntry, rpc: RoomRpc, error: ErrorBody, retry: () => void): void {
    if (error.retryable) {
      this.retryLater(entry, rpc, retry, error.retryAfterMs);
      return;
    }
    this.drop(entry, new DrillError(error.code, error.message), true);
  }

  private retryLater(entry: RoomEntry, rpc: RoomRpc, retry: () => void, retryAfterMs?: number): void {
    this.cancelRetry(entry);
    const delay = this.options.retryDelay(entry.failures, retryAfterMs);
    entry.failures += 1;
    entry.cancelRetry = this.options.timers.after(delay, () => {
      entry.cancelRetry = null;
      if (this.isCurrent(entry, rpc)) retry();
    });
  }

  private cancelRetry(entry: RoomEntry): void {
    entry.cancelRetry?.();
    entry.cancelRetry = null;
  }

  private drop(entry: RoomEntry, error: DrillError, report: boolean): void {
    if (this.rooms.get(entry.room) !== entry) return;
    this.rooms.delete(entry.room);
    this.cancelRetry(entry);
    entry.fetching = null;
    entry.resume?.done.resolve(true);
    entry.resume = null;
    for (const waiter of entry.joinWaiters.splice(0)) waiter.reject(error);
    for (const { waiter } of entry.syncWaiters.splice(0)) waiter.resolve();
    if (report) this.options.emit('error', { code: error.code, message: error.message, room: entry.room });
    this.options.onSendable(entry.room);
  }

  private isCurrent(entry: RoomEntry, rpc: RoomRpc): boolean {
    return this.rpc === rpc && this.rooms.get(entry.room) === entry;
  }
}

function lowest(values: number[]): number | undefined {
  return values.length === 0 ? undefined : Math.min(...values);
}
