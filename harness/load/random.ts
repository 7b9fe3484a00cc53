import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

export type Random = () => number;

/** A seeded source of floats in [0, 1): the same seed gives the same sequence. */
export function seededRandom(seed: number): Random {
  const rng: RandomGenerator = xoroshiro128plus(seed);
  return () => unsafeUniformIntDistribution(0, 0x7fffffff, rng) / 0x80000000;
}

/** Derives an independent stream per purpose, so adding a draw in one place doesn't shift another. */
export function forkSeed(seed: number, label: string): number {
  let h = seed ^ 0x9e3779b9;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x85ebca6b) >>> 0;
  return h;
}
