/** Nearest-rank percentile (p in 0..100) of unsorted values; null for none. */
export function percentile(values: readonly number[], p: number): number | null {
  return percentileOfSorted(sortNumbers(values), p);
}

export function sortNumbers(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function percentileOfSorted(sorted: Float64Array, p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((Math.min(100, Math.max(0, p)) / 100) * sorted.length);
  return sorted[Math.max(0, rank - 1)] ?? null;
}

export interface Distribution {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** p50/p95/p99/max of the values; all 0 when there are none (count says so). */
export function distribution(values: readonly number[]): Distribution {
  const sorted = sortNumbers(values);
  const at = (p: number) => percentileOfSorted(sorted, p) ?? 0;
  return { count: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.at(-1) ?? 0 };
}
