import { describe, expect, it } from 'vitest';
import { assignRooms } from './rooms.js';
import { forkSeed, seededRandom } from './random.js';
import { openModelSchedule } from './schedule.js';

describe('seeded workload', () => {
  it('the same seed gives the same schedule, another seed another', () => {
    const make = (seed: number) =>
      openModelSchedule(seededRandom(seed), { ratePerSecond: 50, durationMs: 10_000, clients: 20 });
    expect(make(7)).toEqual(make(7));
    expect(make(7)).not.toEqual(make(8));
  });

  it('arrivals follow the rate, in time order, spread over clients', () => {
    const sends = openModelSchedule(seededRandom(1), { ratePerSecond: 100, durationMs: 60_000, clients: 10 });
    expect(sends.length).toBeGreaterThan(5_500);
    expect(sends.length).toBeLessThan(6_500);
    expect(sends.every((s, i) => i === 0 || s.at >= sends[i - 1]!.at)).toBe(true);
    expect(new Set(sends.map((s) => s.client)).size).toBe(10);
  });

  it('forked seeds are independent streams', () => {
    expect(forkSeed(1, 'schedule')).not.toBe(forkSeed(1, 'targets'));
    expect(forkSeed(1, 'schedule')).toBe(forkSeed(1, 'schedule'));
  });

  it('fills rooms of the given size in order', () => {
    expect(assignRooms(['a', 'b', 'c', 'd', 'e'], 2)).toEqual({
      'room-0': ['a', 'b'],
      'room-1': ['c', 'd'],
      'room-2': ['e'],
    });
  });
});
