/**
 * Everything a run changes or starts is written here as it happens, with how to undo it; on any
 * exit path the ledger undoes it all in reverse order, each step bounded in time.
 */
export class TeardownLedger {
  private readonly steps: Array<{ label: string; undo: () => Promise<unknown> }> = [];

  push(label: string, undo: () => Promise<unknown>): () => void {
    const step = { label, undo };
    this.steps.push(step);
    return () => {
      const i = this.steps.indexOf(step);
      if (i >= 0) this.steps.splice(i, 1);
    };
  }

  get pending(): string[] {
    return this.steps.map((s) => s.label);
  }

  /** Runs every remaining step, newest first; returns the errors instead of stopping at one. */
  async unwind(stepTimeoutMs = 60_000): Promise<string[]> {
    const errors: string[] = [];
    while (this.steps.length > 0) {
      const step = this.steps.pop()!;
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          step.undo(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`timed out after ${stepTimeoutMs} ms`)), stepTimeoutMs);
          }),
        ]);
      } catch (err) {
        errors.push(`teardown "${step.label}": ${(err as Error).message}`);
      } finally {
        clearTimeout(timer);
      }
    }
    return errors;
  }
}
