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
