import type { Rng } from '../random.js';

/** Bytes read from one side of a connection, stamped with the time they were read (ms, performance.now). */
export interface Chunk {
  data: Buffer;
  timestamp: number;
}

export type Attributes = Record<string, number>;

/**
 * What a toxic can do to the one direction of one connection it runs on (Toxiproxy's ToxicStub).
 * `interrupted` becomes true when the toxic is removed or updated; a toxic that is sleeping then wakes
 * up, passes on what it holds and returns, and what follows runs without it (or with its new settings).
 */
export interface ToxicContext<A extends Attributes> {
  /** current attributes of the toxic */
  readonly attributes: A;
  /** this toxic's own seeded stream on this connection and direction */
  readonly rng: Rng;
  readonly interrupted: boolean;
  /** pass data on to the rest of the chain */
  emit(chunk: Chunk): void;
  /** end this direction (Toxiproxy closes the stub): what follows sees end of stream, later input is dropped */
  close(): void;
  /** reset the whole connection with TCP RST on both sides */
  reset(): void;
  /** resolves true after `ms`, or false as soon as the toxic is interrupted */
  sleep(ms: number): Promise<boolean>;
  sleepMicros(us: number): Promise<boolean>;
  /** a sleep that an interrupt does not cut short (only the end of the connection does) */
  sleepThrough(ms: number): Promise<boolean>;
  /** runs `fn` after `ms` unless interrupted first; calling it again replaces the previous timer */
  timer(ms: number, fn: () => void): void;
  now(): number;
}

export interface ToxicRunner {
  /** one chunk; the next one is only handed over once this one settles */
  chunk(chunk: Chunk): void | Promise<void>;
  /** the input ended; without this handler the end is passed on at once */
  end?(): void | Promise<void>;
  /** the toxic is being removed from a connection it applies to */
  cleanup?(): void;
}

export interface ToxicType<A extends Attributes = Attributes, S = unknown> {
  readonly type: string;
  /** every attribute with its default (Toxiproxy's zero values) */
  readonly defaults: A;
  /** per-connection state kept while the toxic stays on the connection, also across updates */
  newState?(): S;
  /** starts the toxic on one direction of one connection */
  run(context: ToxicContext<A>, state: S): ToxicRunner;
}

export type AnyToxicType = ToxicType<Attributes, unknown>;
