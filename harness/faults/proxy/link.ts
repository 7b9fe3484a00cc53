import type { Socket } from 'node:net';
import type { Rng } from './random.js';
import { END, Stage, type Item, type StageHost } from './stage.js';
import type { Direction, ToxicSpec } from './toxic-spec.js';

/** Reading pauses when more than this waits in the chain and the destination's write buffer. */
const HIGH_WATER_BYTES = 1 << 20;
const LOW_WATER_BYTES = 256 << 10;

export interface LinkHost {
  /** the chain delivered the end of the stream to the destination */
  finished(link: Link): void;
  reset(): void;
  fail(error: unknown): void;
  rngFor(spec: ToxicSpec, direction: Direction): Rng;
}

/**
 * One direction of a connection (Toxiproxy's ToxicLink): source socket → the direction's toxics, in
 * the order they were added → destination socket. Toxics added or removed later join or leave the
 * chain of live links too.
 */
export class Link implements StageHost {
  private readonly stages: Stage[] = [];
  private inputEnded = false;
  private done = false;
  private paused = false;

  constructor(
    readonly direction: Direction,
    readonly source: Socket,
    readonly dest: Socket,
    private readonly host: LinkHost,
    toxics: readonly ToxicSpec[],
  ) {
    for (const spec of toxics) this.stages.push(new Stage(spec, this, host.rngFor(spec, direction)));
  }

  /** true once the end of the stream has reached the destination */
  get finished(): boolean {
    return this.done;
  }

  start(): void {
    this.source.on('data', (data: Buffer) => this.onData(data));
    this.source.on('end', () => this.endInput());
    this.dest.on('drain', () => this.drained());
  }

  /** No more input: the source ended, failed, or the other direction closed it. */
  endInput(): void {
    if (this.inputEnded) return;
    this.inputEnded = true;
    this.enter(END);
    if (this.paused) {
      // Whatever still arrives is read and dropped until the sockets are closed.
      this.paused = false;
      this.source.resume();
    }
  }

  addToxic(spec: ToxicSpec): void {
    if (this.done) return;
    this.stages.push(new Stage(spec, this, this.host.rngFor(spec, this.direction)));
  }

  removeToxic(name: string): void {
    this.stages.find((s) => s.spec.name === name && !s.removed)?.remove();
  }

  restartToxic(name: string): void {
    this.stages.find((s) => s.spec.name === name && !s.removed)?.restart();
  }

  /** names of the toxics that apply to this link (toxicity drawn) */
  appliedToxics(): string[] {
    return this.stages.filter((s) => s.applies).map((s) => s.spec.name);
  }

  dispose(): void {
    this.done = true;
    this.inputEnded = true;
    for (const stage of this.stages) stage.dispose();
  }

  forward(from: Stage, item: Item): void {
    const index = this.stages.indexOf(from);
    if (index < 0) return;
    const next = this.stages[index + 1];
    if (next) next.push(item);
    else this.deliver(item);
  }

  drained(): void {
    if (this.paused) this.checkFlow();
  }

  idle(stage: Stage): void {
    if (!stage.removed || stage.closed || !stage.idle) return;
    const index = this.stages.indexOf(stage);
    if (index >= 0) this.stages.splice(index, 1);
  }

  reset(): void {
    this.host.reset();
  }

  fail(error: unknown): void {
    this.host.fail(error);
  }

  private onData(data: Buffer): void {
    if (this.inputEnded) return;
    this.enter({ data, timestamp: performance.now() });
    this.checkFlow();
  }

  private enter(item: Item): void {
    const first = this.stages[0];
    if (first) first.push(item);
    else this.deliver(item);
  }

  private deliver(item: Item): void {
    if (this.done) return;
    if (item === END) {
      this.done = true;
      this.host.finished(this);
      return;
    }
    if (this.dest.destroyed || this.dest.writableEnded) return;
    this.dest.write(item.data);
  }

  private checkFlow(): void {
    if (this.inputEnded) return;
    let buffered = this.dest.writableLength;
    for (const stage of this.stages) buffered += stage.queuedBytes;
    if (!this.paused && buffered > HIGH_WATER_BYTES) {
      this.paused = true;
      this.source.pause();
    } else if (this.paused && buffered <= LOW_WATER_BYTES) {
      this.paused = false;
      this.source.resume();
    }
  }
}
