import { describe, expect, it } from 'vitest';
import { TransportPolicy } from './transport-policy.js';

describe('TransportPolicy', () => {
  it('auto: websocket first, falls back to polling only after a websocket failure', () => {
    const policy = new TransportPolicy('auto', 60_000);
    expect(policy.pick(0)).toBe('websocket');
    expect(policy.shouldFallBack('websocket')).toBe(true);
    expect(policy.shouldFallBack('polling')).toBe(false);
  });

  it('auto: remembers a broken websocket for websocketRetryAfterMs', () => {
    const policy = new TransportPolicy('auto', 60_000);
    policy.websocketBroken(1000);
    expect(policy.pick(1000)).toBe('polling');
    expect(policy.pick(60_999)).toBe('polling');
    expect(policy.pick(61_000)).toBe('websocket');
  });

  it('a fixed mode never falls back', () => {
    const websocket = new TransportPolicy('websocket', 60_000);
    websocket.websocketBroken(0);
    expect(websocket.pick(1)).toBe('websocket');
    expect(websocket.shouldFallBack('websocket')).toBe(false);
    expect(new TransportPolicy('polling', 60_000).pick(0)).toBe('polling');
  });
});
