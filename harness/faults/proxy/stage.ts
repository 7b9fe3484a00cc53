import type { Rng } from './random.js';
import { sleepFor } from './timing.js';
import type { ToxicSpec } from './toxic-spec.js';
import type { Attributes, Chunk, ToxicContext, ToxicRunner } from './toxics/index.js';

export const END = Symbol('end of stream');
export type Item = Chunk | typeof END;

/** What a stage needs from the link it is part of. */
export interface StageHost {
  /** hands an item to whatever follows `from` in the chain */
  forward(from: Stage, item: Item): void;
  /** a queue shrank: reading may resume */
  drained(): void;
  /** a removed stage holds nothing any more: it can be unlinked */
  idle(stage: Stage): void;
  /** TCP RST on both sides of the connection */
  reset(): void;
  fail(error: unknown): void;
}

class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get empty(): boolean {
    return this.head >= this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
  }

  shift(): T | undefined {
    if (this.empty) return undefined;
    const item = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return item;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/**
 * One toxic running on one direction of one connection (Toxiproxy's ToxicStub): an ordered queue of
 * chunks handed one at a time to the toxic. Whether the toxic applies is drawn from the seeded stream
 * when it starts (toxicity); when it does not, chunks pass straight through.
 */
export class Stage {
  /** bytes waiting in the queue (for backpressure) */
  queuedBytes = 0;
  private readonly queue = new Queue<Item>();
  private busy = false;
  private isClosed = false;
  private isRemoved = false;
  private runner: ToxicRunner | undefined;
  private interrupt = new AbortController();
  private readonly disposal = new AbortController();
  private readonly state: unknown;

  constructor(
    readonly spec: ToxicSpec,
    private readonly host: StageHost,
    private readonly rng: Rng,
  ) {
    this.state = spec.kind.newState?.();
    this.start();
  }

  get closed(): boolean {
    return this.isClosed;
  }

  get removed(): boolean {
    return this.isRemoved;
  }

  /** nothing queued and nothing being processed */
  get idle(): boolean {
    return !this.busy && this.queue.empty;
  }

  /** true when the toxic currently applies to this connection */
  get applies(): boolean {
    return this.runner !== undefined;
  }

  push(item: Item): void {
    if (this.isClosed) return;
    this.queue.push(item);
    if (item !== END) this.queuedBytes += item.data.length;
    if (!this.busy) void this.pump();
  }

  /** The toxic's attributes or toxicity changed: interrupt it and start it again (toxicity drawn again). */
  restart(): void {
    if (this.isClosed || this.isRemoved) return;
    this.interrupt.abort();
    this.start();
  }

  /** The toxic was removed: clean up, then pass everything through until the link unlinks this stage. */
  remove(): void {
    if (this.isRemoved) return;
    this.isRemoved = true;
    const runner = this.runner;
    this.runner = undefined;
    if (runner && !this.isClosed) runner.cleanup?.();
    this.interrupt.abort();
    if (!this.isClosed && this.idle) this.host.idle(this);
  }

  /** The connection is gone: stop timers, drop everything. */
  dispose(): void {
    this.isClosed = true;
    this.queue.clear();
    this.queuedBytes = 0;
    this.interrupt.abort();
    this.disposal.abort();
  }

  private start(): void {
    this.interrupt = new AbortController();
    const applies = this.rng.float() < this.spec.toxicity;
    this.runner = applies ? this.spec.kind.run(this.context(this.interrupt.signal), this.state) : undefined;
  }

  private emit(chunk: Chunk): void {
    if (!this.isClosed) this.host.forward(this, chunk);
  }

  private close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.queue.clear();
    this.queuedBytes = 0;
    this.interrupt.abort();
    this.host.drained();
    this.host.forward(this, END);
  }

  private async pump(): Promise<void> {
    this.busy = true;
    try {
      for (let item = this.queue.shift(); item !== undefined; item = this.queue.shift()) {
        if (this.isClosed) break;
        if (item === END) {
          await this.end();
          continue;
        }
        this.queuedBytes -= item.data.length;
        this.host.drained();
        const runner = this.runner;
        if (!runner) {
          this.emit(item);
        } else {
          const pending = runner.chunk(item);
          if (pending) await pending;
        }
      }
    } catch (error) {
      this.host.fail(error);
    } finally {
      this.busy = false;
    }
    if (this.isRemoved && !this.isClosed && this.queue.empty) this.host.idle(this);
  }

  private async end(): Promise<void> {
    while (!this.isClosed) {
      const runner = this.runner;
      if (!runner?.end) return this.close();
      const signal = this.interrupt.signal;
      await runner.end();
      // Interrupted while holding the end back: whatever runs now gets the end.
      if (!signal.aborted) return this.close();
    }
  }

  private context(signal: AbortSignal): ToxicContext<Attributes> {
    const spec = this.spec;
    const disposal = this.disposal.signal;
    let timer: NodeJS.Timeout | undefined;
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    return {
      get attributes() {
        return spec.attributes;
      },
      rng: this.rng,
      get interrupted() {
        return signal.aborted;
      },
      emit: (chunk) => this.emit(chunk),
      close: () => this.close(),
      reset: () => this.host.reset(),
      sleep: (ms) => sleepFor(ms, signal),
      sleepMicros: (us) => sleepFor(us / 1000, signal),
      sleepThrough: (ms) => sleepFor(ms, disposal),
      timer: (ms, fn) => {
        clearTimeout(timer);
        if (!signal.aborted) timer = setTimeout(fn, Math.max(ms, 0));
      },
      now: () => performance.now(),
    };
  }
}
