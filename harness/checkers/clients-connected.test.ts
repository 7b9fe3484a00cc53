import { describe, expect, it } from 'vitest';
import { HistoryBuilder } from '../history/test-support/history-builder.js';
import { clientsConnected } from './clients-connected.js';
import { judge } from './test-support/history-builder.js';

const census = (
  connected: number,
  checkpoint: 'ramp' | 'steady-state' = 'ramp',
  lastError: string | null = null,
) => ({
  type: 'clients.census' as const,
  checkpoint,
  clients: 3,
  connected,
  unconnected: Array.from({ length: 3 - connected }, (_, i) => ({ client: `c${i}`, lastError })),
});

describe('clients-connected', () => {
  it('passes when every client was connected at each census', () => {
    const history = new HistoryBuilder().push(census(3)).at(10).push(census(3, 'steady-state')).build();
    expect(judge(clientsConnected, history, 0)).toMatchObject({ verdict: 'pass', value: 0 });
  });

  it('fails with who was refused and why', () => {
    const history = new HistoryBuilder().push(census(0, 'ramp', 'connect_failed: websocket error')).build();
    const result = judge(clientsConnected, history, 0);
    expect(result).toMatchObject({ verdict: 'fail', value: 3 });
    expect(result.evidence[0]).toMatchObject({
      client: 'c0',
      summary: 'c0 not connected at the end of the ramp: connect_failed: websocket error',
    });
  });

  it('judges the worst census, and is unknown without any', () => {
    const history = new HistoryBuilder().push(census(3)).at(10).push(census(2, 'steady-state')).build();
    expect(judge(clientsConnected, history, 0)).toMatchObject({ verdict: 'fail', value: 1 });
    expect(judge(clientsConnected, new HistoryBuilder().build(), 0).verdict).toBe('unknown');
  });
});
