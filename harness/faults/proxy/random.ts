import { unsafeUniformIntDistribution, xoroshiro128plus, type RandomGenerator } from 'pure-rand';

/** A seeded random source: the same seed gives the same sequence. */
export interface Rng {
  /** a float in [0, 1) */
  float(): number;
  /** an integer in [min, max], both included */
  int(min: number, max: number): number;
}

export function createRng(seed: number): Rng {
  const generator: RandomGenerator = xoroshiro128plus(seed | 0);
  return {
    float: () => unsafeUniformIntDistribution(0, 0x7fffffff, generator) / 0x80000000,
    int: (min, max) => (max <= min ? min : unsafeUniformIntDistribution(min, max, generator)),
  };
}

/**
 * A seed for one purpose, derived from the server's seed and labels (proxy, connection number, toxic,
 * direction). Each toxic on each connection draws from its own stream, so the interleaving of
 * connections and chunks cannot shift another connection's draws.
 */
export function deriveSeed(seed: number, ...labels: readonly (string | number)[]): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const label of labels) {
    const text = `${String(label)}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h = Math.imul(h ^ text.charCodeAt(i), 0x85ebca6b) >>> 0;
      h = (h ^ (h >>> 13)) >>> 0;
    }
  }
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}
