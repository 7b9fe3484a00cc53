import type { ChatMessage } from '../protocol.js';

/** An inclusive range of seqs. */
export interface SeqRange {
  from: number;
  to: number;
}

export interface StreamUpdate {
  /** Messages to hand to the app now, in seq order. */
  delivered: ChatMessage[];
  /** Messages dropped because their seq was already delivered or is already buffered. */
  duplicates: number;
  /** The seqs that had been missing, when this update closed the open gap. */
  gapClosed: SeqRange | null;
}

export interface ResetUpdate extends StreamUpdate {
  from: number | null;
  to: number;
}

/**
 * Per-room ordering, pure: messages go in in any order and any number of times, and come out exactly
 * once each, strictly in seq order. Out-of-order messages wait in a buffer until the gap before them is
 * filled. Until it is anchored (lastSeq known) nothing is delivered.
 */
export class RoomStream {
  private last: number | null;
  /** Highest seq known to exist: from buffered messages and from heads the server reported. */
  private head: number;
  private readonly buffer = new Map<number, ChatMessage>();
  private gap: SeqRange | null = null;

  constructor(lastSeq: number | null = null) {
    this.last = lastSeq === null ? null : validSeqOrZero(lastSeq);
    this.head = this.last ?? 0;
  }

  /** Last seq delivered (or the anchor), null before the stream is anchored. */
  get lastSeq(): number | null {
    return this.last;
  }

  get knownHead(): number {
    return this.head;
  }

  get bufferedCount(): number {
    return this.buffer.size;
  }

  /** The seqs known to be missing (a fetch after lastSeq fills them), null when none. */
  get missing(): SeqRange | null {
    return this.gap === null ? null : { ...this.gap };
  }

  /** Messages after lastSeq are known to exist but have not been delivered yet. */
  get behind(): boolean {
    return this.last !== null && this.head > this.last;
  }

  push(message: ChatMessage): StreamUpdate {
    return this.pushAll([message]);
  }

  pushAll(messages: readonly ChatMessage[]): StreamUpdate {
    const update = emptyUpdate();
    for (const message of messages) this.accept(message, update);
    this.closeGapIfFilled(update);
    return update;
  }

  /** The server reported that the room's head is at least `head`. */
  noteHead(head: number): void {
    if (!isValidSeq(head) || head <= this.head) return;
    this.head = head;
    if (this.last !== null && !this.buffer.has(head)) this.widenGap(head);
  }

  /**
   * The server's authoritative answer says the head is `head`: forget larger head claims that no buffered
   * message backs (a stale or wrong heads report would otherwise keep the room "behind" forever).
   */
  settleHead(head: number): void {
    let highest = Math.max(validSeqOrZero(head), this.last ?? 0);
    for (const seq of this.buffer.keys()) highest = Math.max(highest, seq);
    this.head = highest;
    this.recomputeGap();
  }

  /** Fixes the starting point of an unanchored stream: buffered messages at or below `seq` are dropped. */
  anchor(seq: number): StreamUpdate {
    const update = emptyUpdate();
    if (this.last !== null) return update;
    this.last = validSeqOrZero(seq);
    this.head = Math.max(this.head, this.last);
    this.dropBufferedUpTo(this.last);
    this.drain(update);
    this.recomputeGap();
    return update;
  }

  /** Jumps over everything up to `to` (the server's `reset`, or a hole the server confirmed). */
  reset(to: number): ResetUpdate {
    const from = this.last;
    const target = Math.max(validSeqOrZero(to), from ?? 0);
    this.last = target;
    this.head = Math.max(this.head, target);
    this.gap = null;
    this.dropBufferedUpTo(target);
    const update = emptyUpdate();
    this.drain(update);
    this.recomputeGap();
    return { ...update, from, to: target };
  }

  private accept(message: ChatMessage, update: StreamUpdate): void {
    const seq = message.seq;
    if (!isValidSeq(seq)) return;
    if ((this.last !== null && seq <= this.last) || this.buffer.has(seq)) {
      update.duplicates += 1;
      return;
    }
    this.head = Math.max(this.head, seq);
    if (this.last !== null && seq === this.last + 1) {
      this.deliver(message, update);
      this.drain(update);
      return;
    }
    this.buffer.set(seq, message);
    if (this.last !== null && !this.buffer.has(seq - 1)) this.widenGap(seq - 1);
  }

  private deliver(message: ChatMessage, update: StreamUpdate): void {
    this.last = message.seq;
    update.delivered.push(message);
  }

  private drain(update: StreamUpdate): void {
    if (this.last === null) return;
    let next = this.buffer.get(this.last + 1);
    while (next !== undefined) {
      this.buffer.delete(next.seq);
      this.deliver(next, update);
      next = this.buffer.get(this.last + 1);
    }
  }

  private dropBufferedUpTo(seq: number): void {
    for (const buffered of [...this.buffer.keys()]) {
      if (buffered <= seq) this.buffer.delete(buffered);
    }
  }

  /** `missingSeq` is known to exist and is neither delivered nor buffered. */
  private widenGap(missingSeq: number): void {
    if (this.last === null || missingSeq <= this.last) return;
    if (this.gap === null) this.gap = { from: this.last + 1, to: missingSeq };
    else this.gap.to = Math.max(this.gap.to, missingSeq);
  }

  private recomputeGap(): void {
    this.gap = null;
    if (this.last === null) return;
    for (const seq of this.buffer.keys()) {
      if (!this.buffer.has(seq - 1)) this.widenGap(seq - 1);
    }
    if (!this.buffer.has(this.head)) this.widenGap(this.head);
  }

  private closeGapIfFilled(update: StreamUpdate): void {
    if (this.gap === null || this.last === null || this.last < this.gap.to) return;
    update.gapClosed = this.gap;
    this.gap = null;
  }
}

function emptyUpdate(): StreamUpdate {
  return { delivered: [], duplicates: 0, gapClosed: null };
}

function isValidSeq(seq: number): boolean {
  return Number.isSafeInteger(seq) && seq >= 1;
}

function validSeqOrZero(seq: number): number {
  return Number.isSafeInteger(seq) && seq > 0 ? seq : 0;
}
