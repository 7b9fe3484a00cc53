import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type {
  ChatMessage,
  FetchReply,
  FetchRequest,
  JoinReply,
  JoinRequest,
  LeaveReply,
  RoomPage,
} from '../protocol.js';
import { DrillError } from './errors.js';
import { emptyStats, type DrillClientEvents, type EmitFn } from './events.js';
import { RoomSync, type RoomRpc } from './room-sync.js';
import { TimerSet } from './timers.js';

function msg(seq: number, room = 'r'): ChatMessage {
  return { room, seq, clientMsgId: `m${seq}`, sender: 'u', body: `b${seq}`, committedAt: seq };
}

function page(head: number, seqs: number[], extra: Partial<RoomPage> = {}): RoomPage {
  return { room: 'r', head, messages: seqs.map((seq) => msg(seq)), more: false, reset: false, ...extra };
}

/** A fake server for one room: answers joins and fetches from an in-memory log. */
class FakeRpc implements RoomRpc {
  readonly joins: JoinRequest[] = [];
  readonly fetches: FetchRequest[] = [];
  log: number[] = [];
  batch = 100;
  joinReply: ((request: JoinRequest) => JoinReply) | null = null;
  fetchReply: ((request: FetchRequest) => FetchReply) | null = null;

  async join(request: JoinRequest): Promise<JoinReply> {
    this.joins.push(request);
    if (this.joinReply !== null) return this.joinReply(request);
    const head = this.log.length;
    if (request.lastSeq === null || request.lastSeq === undefined) return { ok: true, ...page(head, []) };
    return { ok: true, ...this.pageAfter(request.lastSeq) };
  }

  async fetch(request: FetchRequest): Promise<FetchReply> {
    this.fetches.push(request);
    if (this.fetchReply !== null) return this.fetchReply(request);
    return { ok: true, ...this.pageAfter(request.after) };
  }

  async leave(): Promise<LeaveReply> {
    return { ok: true };
  }

  private pageAfter(after: number): RoomPage {
    const seqs = this.log.filter((seq) => seq > after).slice(0, this.batch);
    const last = seqs.at(-1) ?? after;
    return page(this.log.length, seqs, { more: last < this.log.length });
  }
}

function setup() {
  const events: Array<[string, unknown]> = [];
  const delivered: number[] = [];
  const emit: EmitFn = (event, ...args) => {
    events.push([event, args[0]]);
    if (event === 'message') delivered.push((args[0] as Parameters<DrillClientEvents['message']>[0]).seq);
  };
  const stats = emptyStats();
  const timers = new TimerSet();
  const sendable: string[] = [];
  const sync = new RoomSync({
    emit,
    stats,
    timers,
    fetchLimit: 100,
    retryDelay: (failures, retryAfterMs) => Math.max(retryAfterMs ?? 0, 100 * 2 ** failures),
    onSendable: (room) => sendable.push(room),
  });
  const named = (name: string) => events.filter(([event]) => event === name).map(([, payload]) => payload);
  return { sync, stats, timers, events, delivered, sendable, named };
}

describe('RoomSync (fake rpc, fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('resumes from the last seq, fetching page after page until caught up', async () => {
    const { sync, delivered, named, stats, sendable } = setup();
    const rpc = new FakeRpc();
    rpc.log = Array.from({ length: 250 }, (_, i) => i + 1);
    const joined = sync.join('r', 0);
    await expect(sync.online(rpc)).resolves.toBe(true);
    await joined;
    expect(delivered).toEqual(rpc.log);
    expect(rpc.joins).toEqual([{ room: 'r', lastSeq: 0 }]);
    expect(rpc.fetches.map((request) => request.after)).toEqual([100, 200]);
    expect(named('resumed')).toEqual([{ room: 'r', replayed: 250, reset: false, durationMs: 0 }]);
    expect(stats.replayed).toBe(250);
    expect(sync.lastSeq('r')).toBe(250);
    expect(sendable).toEqual(['r']);
  });

  it('re-joins with the last delivered seq on the next connection', async () => {
    const { sync, delivered } = setup();
    const first = new FakeRpc();
    first.log = [1, 2, 3];
    void sync.join('r', 0);
    await sync.online(first);
    sync.offline();
    const second = new FakeRpc();
    second.log = [1, 2, 3, 4, 5];
    await sync.online(second);
    expect(second.joins).toEqual([{ room: 'r', lastSeq: 3 }]);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('joins without history at the head', async () => {
    const { sync, delivered } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1, 2, 3];
    void sync.join('r', null);
    await sync.online(rpc);
    expect(rpc.joins).toEqual([{ room: 'r', lastSeq: null }]);
    expect(sync.lastSeq('r')).toBe(3);
    sync.message(msg(4));
    expect(delivered).toEqual([4]);
  });

  it('jumps to the head on reset and reports it', async () => {
    const { sync, named, delivered } = setup();
    const rpc = new FakeRpc();
    rpc.joinReply = () => ({ ok: true, ...page(900, [], { reset: true }) });
    void sync.join('r', 5);
    await sync.online(rpc);
    expect(named('reset')).toEqual([{ room: 'r', from: 5, to: 900 }]);
    expect(named('resumed')).toEqual([{ room: 'r', replayed: 0, reset: true, durationMs: 0 }]);
    expect(sync.lastSeq('r')).toBe(900);
    expect(delivered).toEqual([]);
  });

  it('buffers a live message past a gap, fetches the gap and reports it filled', async () => {
    const { sync, named, delivered, stats } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1, 2];
    void sync.join('r', 0);
    await sync.online(rpc);
    rpc.log = [1, 2, 3, 4, 5];
    sync.message(msg(5));
    sync.message(msg(5));
    expect(delivered).toEqual([1, 2]);
    expect(rpc.fetches).toEqual([{ room: 'r', after: 2, limit: 100 }]);
    await vi.advanceTimersByTimeAsync(0);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
    expect(named('gapFilled')).toEqual([{ room: 'r', from: 3, to: 4, count: 2 }]);
    expect(stats.gapsFilled).toBe(1);
    expect(stats.duplicatesDropped).toBeGreaterThanOrEqual(1);
  });

  it('keeps one fetch in flight per room and re-fetches while the gap persists', async () => {
    const { sync, delivered } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1];
    void sync.join('r', 0);
    await sync.online(rpc);
    let answerFirst: (reply: FetchReply) => void = () => {};
    const realFetch = rpc.fetch.bind(rpc);
    rpc.fetch = (request) => {
      if (rpc.fetches.length > 0) return realFetch(request);
      rpc.fetches.push(request);
      return new Promise((resolve) => (answerFirst = resolve));
    };
    rpc.log = [1, 2, 3, 4, 5];
    sync.message(msg(4));
    sync.message(msg(5));
    expect(rpc.fetches.map((request) => request.after)).toEqual([1]);
    // A stale page that only knows seq 2: the gap before 4 persists, so the room fetches again.
    answerFirst({ ok: true, ...page(2, [2]) });
    await vi.advanceTimersByTimeAsync(0);
    expect(rpc.fetches.map((request) => request.after)).toEqual([1, 2]);
    expect(delivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('fills up to heads from rooms:sync and resolves the sync waiters', async () => {
    const { sync, delivered } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1];
    void sync.join('r', 0);
    await sync.online(rpc);
    rpc.log = [1, 2, 3];
    sync.heads({ r: 3, unknown: 8 });
    const waited = sync.waitForHeads({ r: 3 });
    await vi.advanceTimersByTimeAsync(0);
    await waited;
    expect(delivered).toEqual([1, 2, 3]);
  });

  it('drops a room whose join is denied and reports the error', async () => {
    const { sync, named, sendable } = setup();
    const rpc = new FakeRpc();
    rpc.joinReply = () => ({ ok: false, error: { code: 'forbidden', message: 'no', retryable: false } });
    const joined = sync.join('r', 0).catch((e: unknown) => e);
    await expect(sync.online(rpc)).resolves.toBe(true);
    expect(await joined).toBeInstanceOf(DrillError);
    expect(named('error')).toEqual([{ code: 'forbidden', message: 'no', room: 'r' }]);
    expect(sync.names()).toEqual([]);
    // Sends waiting for the room go out and meet the server's verdict.
    expect(sendable).toEqual(['r']);
  });

  it('retries a retryable join error after retryAfterMs', async () => {
    const { sync, timers } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1];
    rpc.joinReply = () => ({
      ok: false,
      error: { code: 'unavailable', message: 'db', retryable: true, retryAfterMs: 1000 },
    });
    const joined = sync.join('r', 0);
    const online = sync.online(rpc);
    await vi.advanceTimersByTimeAsync(999);
    expect(rpc.joins).toHaveLength(1);
    rpc.joinReply = null;
    await vi.advanceTimersByTimeAsync(1);
    await expect(online).resolves.toBe(true);
    await joined;
    expect(rpc.joins).toHaveLength(2);
    expect(timers.size).toBe(0);
  });

  it('jumps a hole the server confirms and reports it', async () => {
    const { sync, named, delivered } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1, 2, 4, 5];
    void sync.join('r', 0);
    await sync.online(rpc);
    expect(delivered).toEqual([1, 2, 4, 5]);
    expect(named('error')).toMatchObject([{ code: 'seq_hole', room: 'r' }]);
    expect(named('reset')).toEqual([{ room: 'r', from: 2, to: 3 }]);
  });

  it('stops following a head claim the server does not back', async () => {
    const { sync, delivered } = setup();
    const rpc = new FakeRpc();
    rpc.log = [1];
    void sync.join('r', 0);
    await sync.online(rpc);
    sync.heads({ r: 50 });
    const waited = sync.waitForHeads({ r: 50 });
    await vi.advanceTimersByTimeAsync(0);
    await waited;
    expect(delivered).toEqual([1]);
    expect(rpc.fetches).toHaveLength(1);
  });

  it('resolves online() with false when the connection goes before the resume ends', async () => {
    const { sync } = setup();
    const rpc = new FakeRpc();
    rpc.joinReply = () => ({ ok: false, error: { code: 'unavailable', message: 'x', retryable: true } });
    void sync.join('r', 0).catch(() => undefined);
    const online = sync.online(rpc);
    await vi.advanceTimersByTimeAsync(0);
    sync.offline();
    await expect(online).resolves.toBe(false);
  });
});
