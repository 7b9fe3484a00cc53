import { describe, expect, it } from 'vitest';
import { TeardownLedger } from './teardown-ledger.js';

describe('teardown ledger', () => {
  it('undoes in reverse order, skips what was settled, and collects failures without stopping', async () => {
    const ledger = new TeardownLedger();
    const done: string[] = [];
    ledger.push('topology', async () => done.push('topology'));
    const settle = ledger.push('fault 1', async () => done.push('fault 1'));
    ledger.push('fault 2', async () => {
      throw new Error('heal failed');
    });
    ledger.push('clients', async () => done.push('clients'));
    settle();
    const errors = await ledger.unwind();
    expect(done).toEqual(['clients', 'topology']);
    expect(errors).toEqual(['teardown "fault 2": heal failed']);
    expect(ledger.pending).toEqual([]);
  });

  it('bounds a hanging step', async () => {
    const ledger = new TeardownLedger();
    ledger.push('hangs', () => new Promise(() => undefined));
    expect(await ledger.unwind(50)).toEqual(['teardown "hangs": timed out after 50 ms']);
  });
});
