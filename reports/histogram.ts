// Binning and percentiles for the reconnect-time distribution.

export interface Histogram {
  /** Lower edge of the first bin. */
  start: number;
  binWidth: number;
  counts: number[];
}

/** Nearest-rank percentile (p in 0..100) of unsorted samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  const finite = samples.filter((s) => Number.isFinite(s));
  if (finite.length === 0) return null;
  const sorted = [...finite].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? null;
}

/** The smallest 1, 2 or 5 × 10^k that is at least `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (m * magnitude >= raw) return m * magnitude;
  return 10 * magnitude;
}

/** Bins starting at 0 (or the minimum, if negative) with a round width and at most `maxBins` bins. */
export function histogram(samples: readonly number[], maxBins = 20): Histogram {
  const finite = samples.filter((s) => Number.isFinite(s));
  if (finite.length === 0) return { start: 0, binWidth: 1, counts: [] };
  const min = finite.reduce((a, b) => Math.min(a, b));
  const max = finite.reduce((a, b) => Math.max(a, b));
  const binWidth = niceStep((max - Math.min(0, min)) / Math.max(1, maxBins - 1));
  const start = Math.floor(Math.min(0, min) / binWidth) * binWidth;
  const bins = Math.max(1, Math.floor((max - start) / binWidth) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (const s of finite) {
    const i = Math.min(bins - 1, Math.floor((s - start) / binWidth));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return { start, binWidth, counts };
}
