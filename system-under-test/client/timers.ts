export type CancelTimer = () => void;

/** A timer that does not keep a Node process alive by itself; plain setTimeout in a browser. */
export function startTimer(fn: () => void, ms: number): CancelTimer {
  const handle = setTimeout(fn, Math.max(0, ms));
  const node: unknown = handle;
  if (typeof node === 'object' && node !== null && 'unref' in node && typeof node.unref === 'function') {
    node.unref();
  }
  return () => clearTimeout(handle);
}

/** Every timer of one client, so that close() can prove none is left behind. */
export class TimerSet {
  private readonly live = new Set<CancelTimer>();

  after(ms: number, fn: () => void): CancelTimer {
    const cancel: CancelTimer = () => {
      if (this.live.delete(cancel)) stop();
    };
    const stop = startTimer(() => {
      this.live.delete(cancel);
      fn();
    }, ms);
    this.live.add(cancel);
    return cancel;
  }

  get size(): number {
    return this.live.size;
  }

  clearAll(): void {
    for (const cancel of [...this.live]) cancel();
  }
}
