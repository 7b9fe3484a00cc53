import { describe, expect, it } from 'vitest';
import { backoffDelay, resolveBackoff, type BackoffOptions } from './backoff.js';

const noJitter: BackoffOptions = { initialMs: 200, maxMs: 5000, factor: 2, jitter: 0 };

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x1_0000_0000;
  };
}

describe('backoffDelay', () => {
  it('grows by the factor from the initial delay', () => {
    expect([0, 1, 2, 3, 4].map((attempt) => backoffDelay(attempt, noJitter))).toEqual([
      200, 400, 800, 1600, 3200,
    ]);
  });

  it('is capped at maxMs, also for huge attempt numbers', () => {
    expect(backoffDelay(5, noJitter)).toBe(5000);
    expect(backoffDelay(10_000, noJitter)).toBe(5000);
  });

  it('keeps jittered delays within [(1 - jitter) x base, base]', () => {
    const options = resolveBackoff({ jitter: 0.5 });
    const random = seeded(7);
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const base = Math.min(options.maxMs, options.initialMs * 2 ** attempt);
      for (let i = 0; i < 50; i += 1) {
        const delay = backoffDelay(attempt, options, random);
        expect(delay).toBeGreaterThanOrEqual(Math.floor(base * 0.5));
        expect(delay).toBeLessThanOrEqual(base);
      }
    }
  });

  it('uses the extremes of random as the bounds', () => {
    const options = resolveBackoff({ jitter: 0.5 });
    expect(backoffDelay(2, options, () => 0)).toBe(800);
    expect(backoffDelay(2, options, () => 1)).toBe(400);
  });

  it('is deterministic with a seeded random', () => {
    const options = resolveBackoff();
    const run = (): number[] => {
      const random = seeded(42);
      return Array.from({ length: 10 }, (_, attempt) => backoffDelay(attempt, options, random));
    };
    expect(run()).toEqual(run());
  });
});

describe('resolveBackoff', () => {
  it('fills the defaults and clamps jitter', () => {
    expect(resolveBackoff()).toEqual({ initialMs: 200, maxMs: 5000, factor: 2, jitter: 0.5 });
    expect(resolveBackoff({ jitter: 3 }).jitter).toBe(1);
  });

  it('rejects a cap below the initial delay', () => {
    expect(() => resolveBackoff({ initialMs: 1000, maxMs: 10 })).toThrow(RangeError);
  });
});
