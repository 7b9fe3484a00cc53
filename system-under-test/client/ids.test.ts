import { describe, expect, it } from 'vitest';
import { MessageIdGenerator, randomHex } from './ids.js';

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

describe('ids', () => {
  it('randomHex gives the asked number of hex chars, also at the edges of random', () => {
    expect(randomHex(() => 0, 16)).toBe('0000000000000000');
    expect(randomHex(() => 1, 12)).toBe('ffffffffffff');
    expect(randomHex(Math.random, 16)).toMatch(/^[0-9a-f]{16}$/);
  });

  it('clientMsgIds carry the client id, never repeat within a client and replay with the seed', () => {
    const make = () => new MessageIdGenerator('c1', seeded(3));
    const generator = make();
    const ids = Array.from({ length: 1000 }, () => generator.next());
    expect(new Set(ids).size).toBe(1000);
    expect(ids.every((id) => id.startsWith('c1-'))).toBe(true);
    const again = make();
    expect([again.next(), again.next()]).toEqual(ids.slice(0, 2));
  });

  it('stays unique within a client even when random repeats itself', () => {
    const generator = new MessageIdGenerator('c', () => 0.5);
    expect(generator.next()).not.toBe(generator.next());
  });
});
