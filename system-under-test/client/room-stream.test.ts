import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../protocol.js';
import { RoomStream } from './room-stream.js';

function msg(seq: number): ChatMessage {
  return { room: 'r', seq, clientMsgId: `m${seq}`, sender: 'u', body: `b${seq}`, committedAt: seq };
}

const seqs = (messages: ChatMessage[]): number[] => messages.map((message) => message.seq);

describe('RoomStream', () => {
  it('delivers in-order messages at once', () => {
    const stream = new RoomStream(0);
    expect(seqs(stream.push(msg(1)).delivered)).toEqual([1]);
    expect(seqs(stream.pushAll([msg(2), msg(3)]).delivered)).toEqual([2, 3]);
    expect(stream.lastSeq).toBe(3);
    expect(stream.behind).toBe(false);
  });

  it('drops duplicates of delivered and of buffered messages and counts them', () => {
    const stream = new RoomStream(0);
    stream.pushAll([msg(1), msg(2)]);
    const again = stream.pushAll([msg(1), msg(2)]);
    expect(again.delivered).toEqual([]);
    expect(again.duplicates).toBe(2);
    stream.push(msg(5));
    expect(stream.push(msg(5)).duplicates).toBe(1);
    expect(stream.bufferedCount).toBe(1);
  });

  it('buffers out-of-order messages and drains them when the gap is filled', () => {
    const stream = new RoomStream(0);
    stream.push(msg(1));
    expect(stream.push(msg(4)).delivered).toEqual([]);
    expect(stream.push(msg(3)).delivered).toEqual([]);
    expect(stream.bufferedCount).toBe(2);
    const filled = stream.push(msg(2));
    expect(seqs(filled.delivered)).toEqual([2, 3, 4]);
    expect(stream.bufferedCount).toBe(0);
    expect(stream.lastSeq).toBe(4);
  });

  it('reports the open gap and the gap it closed', () => {
    const stream = new RoomStream(3);
    stream.push(msg(6));
    expect(stream.behind).toBe(true);
    expect(stream.missing).toEqual({ from: 4, to: 5 });
    stream.push(msg(9));
    expect(stream.missing).toEqual({ from: 4, to: 8 });
    expect(stream.pushAll([msg(4), msg(5)]).gapClosed).toBeNull();
    const closed = stream.pushAll([msg(7), msg(8)]);
    expect(seqs(closed.delivered)).toEqual([7, 8, 9]);
    expect(closed.gapClosed).toEqual({ from: 4, to: 8 });
    expect(stream.missing).toBeNull();
    expect(stream.behind).toBe(false);
  });

  it('opens a gap from a head the server reported', () => {
    const stream = new RoomStream(2);
    stream.noteHead(5);
    expect(stream.behind).toBe(true);
    expect(stream.missing).toEqual({ from: 3, to: 5 });
    expect(stream.pushAll([msg(3), msg(4), msg(5)]).gapClosed).toEqual({ from: 3, to: 5 });
  });

  it('forgets a head claim the server settles lower', () => {
    const stream = new RoomStream(2);
    stream.noteHead(9);
    stream.settleHead(2);
    expect(stream.behind).toBe(false);
    expect(stream.missing).toBeNull();
  });

  it('never delivers a seq twice or backwards, whatever the input order', () => {
    const stream = new RoomStream(0);
    const input = [5, 3, 3, 1, 2, 8, 4, 1, 7, 6, 6, 10, 9];
    const delivered = input.flatMap((seq) => seqs(stream.push(msg(seq)).delivered));
    expect(delivered).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('holds everything until anchored, then drops what is at or below the anchor', () => {
    const stream = new RoomStream(null);
    expect(stream.push(msg(11)).delivered).toEqual([]);
    expect(stream.push(msg(12)).delivered).toEqual([]);
    expect(stream.behind).toBe(false);
    expect(seqs(stream.anchor(11).delivered)).toEqual([12]);
    expect(stream.lastSeq).toBe(12);
  });

  it('reset jumps to the head, drops what it jumped over and delivers what follows', () => {
    const stream = new RoomStream(2);
    stream.pushAll([msg(50), msg(101), msg(102)]);
    const update = stream.reset(100);
    expect(update.from).toBe(2);
    expect(update.to).toBe(100);
    expect(seqs(update.delivered)).toEqual([101, 102]);
    expect(update.gapClosed).toBeNull();
    expect(stream.lastSeq).toBe(102);
    expect(stream.push(msg(99)).duplicates).toBe(1);
    expect(stream.behind).toBe(false);
  });

  it('never resets backwards', () => {
    const stream = new RoomStream(10);
    expect(stream.reset(4).to).toBe(10);
    expect(stream.lastSeq).toBe(10);
  });

  it('ignores invalid seqs', () => {
    const stream = new RoomStream(0);
    expect(stream.pushAll([msg(0), msg(-1), msg(1.5), msg(Number.NaN)]).delivered).toEqual([]);
    expect(stream.bufferedCount).toBe(0);
  });
});
