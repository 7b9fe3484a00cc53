import type { LinkName, LinkToxic, PodInfo, Topology } from '../env/provider.js';

/**
 * Toxiproxy's `timeout` toxic with timeout 0: every byte is dropped and the connection is held open,
 * so neither side sees a FIN or an RST. A hung host or a partitioned zone looks like this.
 */
export const BLACKHOLE_TOXIC = 'drill-blackhole';

/** One blackhole toxic per direction: requests and answers are both swallowed. */
export const BLACKHOLE_STREAMS = ['upstream', 'downstream'] as const;

export function blackholeToxic(stream: (typeof BLACKHOLE_STREAMS)[number]): LinkToxic {
  return { type: 'timeout', stream, attributes: { timeout: 0 } };
}

export const toxicName = (stream: (typeof BLACKHOLE_STREAMS)[number]): string =>
  `${BLACKHOLE_TOXIC}-${stream}`;

/** The three links of a pod, as the providers name them. */
export function podLinks(pod: string): { client: LinkName; redis: LinkName; postgres: LinkName } {
  return { client: `client->${pod}`, redis: `${pod}->redis`, postgres: `${pod}->postgres` };
}

/** Blackholes both directions of each link (in parallel); resolves when every toxic is in place. */
export async function blackholeLinks(topology: Topology, links: readonly LinkName[]): Promise<void> {
  await Promise.all(
    links.flatMap((link) =>
      BLACKHOLE_STREAMS.map((stream) => topology.addToxic(link, toxicName(stream), blackholeToxic(stream))),
    ),
  );
}

/**
 * Removes the blackhole toxics (Toxiproxy then closes the connections they held). Every removal is
 * tried even when one fails; the failures are thrown together afterwards.
 */
export async function restoreLinks(topology: Topology, links: readonly LinkName[]): Promise<void> {
  const results = await Promise.allSettled(
    links.flatMap((link) => BLACKHOLE_STREAMS.map((stream) => topology.removeToxic(link, toxicName(stream)))),
  );
  const failures = results
    .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
    .map((r) => (r.reason instanceof Error ? r.reason.message : String(r.reason)));
  if (failures.length > 0) throw new Error(`restoring blackholed links failed: ${failures.join('; ')}`);
}

/** Polls a pod's /health directly until it answers 200; false after `timeoutMs`. */
export async function waitHealthy(pod: PodInfo, timeoutMs: number, path = '/health'): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${pod.url}${path}`, { signal: AbortSignal.timeout(1_000) });
      await res.body?.cancel();
      if (res.status === 200) return true;
    } catch {
      // not answering yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** How long a heal waits for a pod to be healthy again before it gives up and says so. */
export const HEAL_READY_TIMEOUT_MS = 30_000;
