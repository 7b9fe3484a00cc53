import { Redis } from 'ioredis';
import type { Logger } from 'pino';

export type RedisState = 'up' | 'down';

/**
 * The three Redis connections the gateway needs, and one notion of whether Redis is up.
 * The adapter's publisher and the command client fail fast while Redis is down (no offline
 * queue) so a long outage cannot pile messages up in memory; the subscriber queues its
 * SUBSCRIBE and re-subscribes by itself when Redis returns.
 */
export class RedisLink {
  readonly pub: Redis;
  readonly sub: Redis;
  readonly cmd: Redis;
  private state: RedisState = 'down';
  private livenessTimer: NodeJS.Timeout | undefined;
  private readonly listeners = new Set<(state: RedisState) => void>();

  constructor(
    url: string,
    private readonly log: Logger,
  ) {
    const retryStrategy = (times: number) => Math.min(100 * times, 2_000);
    const common = { retryStrategy, lazyConnect: false, connectTimeout: 2_000 } as const;
    this.pub = guardPublish(
      new Redis(url, { ...common, enableOfflineQueue: false, maxRetriesPerRequest: 0 }),
      log,
    );
    this.sub = new Redis(url, { ...common, maxRetriesPerRequest: null });
    this.cmd = new Redis(url, {
      ...common,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 2_000,
    });
    for (const client of [this.pub, this.sub, this.cmd]) {
      // ioredis reports every failed reconnect; the state change below is the one log line.
      client.on('error', () => undefined);
      client.on('ready', () => this.evaluate());
      client.on('close', () => this.evaluate());
      client.on('end', () => this.evaluate());
    }
  }

  get isUp(): boolean {
    return this.state === 'up';
  }

  onChange(listener: (state: RedisState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once all three connections are ready, or after `timeoutMs` (degraded start). */
  async waitUntilUp(timeoutMs: number): Promise<boolean> {
    if (this.isUp) return true;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        stop();
        resolve(false);
      }, timeoutMs);
      const stop = this.onChange((s) => {
        if (s !== 'up') return;
        clearTimeout(timer);
        stop();
        resolve(true);
      });
    });
  }

  /**
   * A partitioned Redis (packets dropped, no FIN or RST) leaves every connection "ready" while
   * commands hang. A PING that times out tears the connections down so they reconnect, which
   * turns a silent partition into the same down/up transitions as a stopped Redis.
   */
  startLivenessChecks(intervalMs: number): void {
    const timeoutMs = Math.min(intervalMs, 2_000);
    let checking = false;
    this.livenessTimer = setInterval(() => {
      if (checking || !this.isUp) return;
      checking = true;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
      void Promise.race([
        this.cmd.ping().then(
          () => true,
          () => false,
        ),
        timedOut,
      ])
        .then((answered) => {
          if (answered || !this.isUp) return;
          this.log.warn({ data: { timeoutMs } }, 'Redis did not answer PING: reconnecting');
          for (const client of [this.pub, this.sub, this.cmd]) client.disconnect(true);
        })
        .finally(() => {
          clearTimeout(timer);
          checking = false;
        });
    }, intervalMs);
    this.livenessTimer.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.livenessTimer);
    this.listeners.clear();
    await Promise.all([this.pub, this.sub, this.cmd].map((c) => c.quit().catch(() => c.disconnect())));
  }

  private evaluate(): void {
    const next: RedisState = [this.pub, this.sub, this.cmd].every((c) => c.status === 'ready')
      ? 'up'
      : 'down';
    if (next === this.state) return;
    this.state = next;
    if (next === 'up') this.log.info('Redis adapter connected');
    else this.log.warn('Redis connection lost: degraded mode (local delivery only, presence disabled)');
    for (const l of this.listeners) l(next);
  }
}

/** The adapter calls publish() without handling its promise; a rejection must not go unhandled. */
function guardPublish(client: Redis, log: Logger): Redis {
  const publish = client.publish.bind(client);
  let dropped = 0;
  const guarded = (channel: string | Buffer, message: string | Buffer) =>
    publish(channel, message).catch((err: Error) => {
      if (dropped++ % 1000 === 0) log.debug({ err: err.message, dropped }, 'Redis publish dropped');
      return 0;
    });
  Object.assign(client, { publish: guarded });
  return client;
}
