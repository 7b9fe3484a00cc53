export interface Interval {
  start: number;
  end: number;
}

/** Sorted, non-overlapping union of the intervals. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The parts of `span` not covered by `holes`. */
export function subtractIntervals(span: Interval, holes: readonly Interval[]): Interval[] {
  const remaining: Interval[] = [];
  let cursor = span.start;
  for (const hole of mergeIntervals(holes)) {
    if (hole.end <= cursor) continue;
    if (hole.start >= span.end) break;
    if (hole.start > cursor) remaining.push({ start: cursor, end: hole.start });
    cursor = Math.max(cursor, hole.end);
  }
  if (cursor < span.end) remaining.push({ start: cursor, end: span.end });
  return remaining;
}

export function totalLength(intervals: readonly Interval[]): number {
  return intervals.reduce((sum, i) => sum + (i.end - i.start), 0);
}

export function insideIntervals(intervals: readonly Interval[], t: number): boolean {
  return intervals.some((i) => t >= i.start && t < i.end);
}

/** Length of [a, b) covered by the sorted, non-overlapping intervals. */
export function overlapLength(intervals: readonly Interval[], a: number, b: number): number {
  let covered = 0;
  for (const i of intervals) {
    if (i.start >= b) break;
    covered += Math.max(0, Math.min(b, i.end) - Math.max(a, i.start));
  }
  return covered;
}
