/** Pod names every provider uses: pod-a … pod-z, pod-aa, pod-ab, … */
export function podName(index: number): string {
  let n = index;
  let suffix = '';
  do {
    suffix = String.fromCharCode(97 + (n % 26)) + suffix;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return `pod-${suffix}`;
}

/**
 * The pods a topology of `count` pods over `zones` will have, before it boots: every provider names
 * pod i `podName(i)` and puts it in `zones[i % zones.length]` (TopologySpec.zones, round-robin).
 */
export function plannedPods(count: number, zones: readonly string[]): Array<{ name: string; zone: string }> {
  if (zones.length === 0) throw new Error('a topology needs at least one zone');
  return Array.from({ length: count }, (_, i) => ({ name: podName(i), zone: zones[i % zones.length]! }));
}
