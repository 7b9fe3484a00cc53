export type TransportMode = 'auto' | 'websocket' | 'polling';
export type TransportName = 'websocket' | 'polling';

/**
 * Which transport the next connection attempt uses. In `auto` mode the client tries the websocket only;
 * when that fails to connect and long-polling then succeeds, websocket is considered broken on this path
 * (a proxy refusing upgrades, say) and skipped for `websocketRetryAfterMs`.
 */
export class TransportPolicy {
  private pollingUntil = 0;

  constructor(
    private readonly mode: TransportMode,
    private readonly websocketRetryAfterMs: number,
  ) {}

  pick(now: number): TransportName {
    if (this.mode !== 'auto') return this.mode;
    return now < this.pollingUntil ? 'polling' : 'websocket';
  }

  /** After a transport-level failure of `tried`: whether to try long-polling right away. */
  shouldFallBack(tried: TransportName): boolean {
    return this.mode === 'auto' && tried === 'websocket';
  }

  /** Long-polling connected where the websocket had just failed. */
  websocketBroken(now: number): void {
    this.pollingUntil = now + this.websocketRetryAfterMs;
  }
}
