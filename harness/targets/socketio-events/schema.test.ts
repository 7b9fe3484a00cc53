import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../load/random.js';
import { adapterConfigErrors, createAdapter, parseAdapterConfig } from '../adapters.js';
import type { SocketIoEventsAdapterConfig } from '../target.js';
import { createSocketIoEventsAdapter, type SocketIoEventsConnection } from './adapter.js';
import { correlationId, extractCorrelation } from './correlation.js';
import { parseSocketIoEventsConfig, socketIoEventsConfigErrors } from './schema.js';
import { renderTemplate } from './template.js';
import { MemorySink } from './test-support.js';

const valid: SocketIoEventsAdapterConfig = {
  kind: 'socketio-events',
  auth: { token: '{token}' },
  join: { emit: 'join', data: { room: '{room}' } },
  send: { emit: 'chat', data: { room: '{room}', text: '{body} {correlationId}', n: '{senderSeq}' } },
  receive: { on: 'chat', field: 'text' },
  echo: true,
};

describe('socketIoEventsConfigSchema', () => {
  it('accepts a valid config', () => {
    expect(socketIoEventsConfigErrors(valid)).toEqual([]);
    expect(parseSocketIoEventsConfig(valid)).toEqual(valid);
    expect(adapterConfigErrors({ kind: 'drill' })).toEqual([]);
  });

  it('names an unknown field, at the top and inside a step', () => {
    expect(socketIoEventsConfigErrors({ ...valid, recieve: { on: 'x', field: 'y' } })).toEqual([
      'adapter.recieve: unknown field',
    ]);
    expect(
      socketIoEventsConfigErrors({ ...valid, send: { ...valid.send, acknowledge: { timeout: 5 } } }),
    ).toEqual(['adapter.send.acknowledge.timeout: unknown field']);
    expect(adapterConfigErrors({ kind: 'drill', url: 'x' })).toEqual(['adapter.url: unknown field']);
    expect(adapterConfigErrors({ kind: 'artillery' })[0]).toMatch(
      /^adapter\.kind: unknown adapter kind "artillery"/,
    );
  });

  it('names a placeholder that does not exist, with its path', () => {
    const config = { ...valid, send: { emit: 'chat', data: { text: '{body} {corelationId}' } } };
    const errors = socketIoEventsConfigErrors(config);
    expect(errors[0]).toMatch(/^adapter\.send\.data\.text: unknown placeholder \{corelationId\}/);
    expect(() => createAdapter(config as SocketIoEventsAdapterConfig)).toThrow(
      /adapter\.send\.data\.text: unknown placeholder \{corelationId\}/,
    );
  });

  it('names an unbalanced brace, a send-only placeholder elsewhere, and a send without {correlationId}', () => {
    expect(socketIoEventsConfigErrors({ ...valid, auth: { token: '{token' } })[0]).toMatch(
      /^adapter\.auth\.token: unbalanced brace/,
    );
    expect(socketIoEventsConfigErrors({ ...valid, join: { emit: 'join', data: ['x}'] } })[0]).toMatch(
      /^adapter\.join\.data\.0: unbalanced brace/,
    );
    expect(socketIoEventsConfigErrors({ ...valid, login: { emit: 'login', data: { b: '{body}' } } })).toEqual(
      ['adapter.login.data.b: placeholder {body} has no value here (only in send)'],
    );
    expect(
      socketIoEventsConfigErrors({ ...valid, send: { emit: 'chat', data: { text: '{body}' } } }),
    ).toEqual([
      'adapter.send.data: must carry {correlationId} (in a field, or inside a text) so that deliveries can be recognised',
    ]);
  });

  it('names a missing field, a reserved event and a bad type', () => {
    const { receive: _receive, ...noReceive } = valid;
    expect(socketIoEventsConfigErrors(noReceive)).toEqual(['adapter.receive: required field missing']);
    expect(socketIoEventsConfigErrors({ ...valid, receive: { on: 'disconnect', field: 'x' } })).toEqual([
      'adapter.receive.on: "disconnect" is reserved by Socket.IO',
    ]);
    expect(socketIoEventsConfigErrors({ ...valid, echo: 'yes' })[0]).toMatch(/^adapter\.echo: /);
    expect(() => parseAdapterConfig({ ...valid, transports: ['ws'] })).toThrow(/adapter\.transports\.0/);
  });
});

describe('templates', () => {
  it('a string that is exactly one placeholder keeps the type; others become text', () => {
    const ctx = { user: 'u', room: 'r', body: 'b', correlationId: 'm.u.7', senderSeq: 7 };
    expect(
      renderTemplate(
        { n: '{senderSeq}', s: 'n={senderSeq}', list: ['{room}', 1, true, null], id: '{correlationId}' },
        ctx,
      ),
    ).toEqual({ n: 7, s: 'n=7', list: ['r', 1, true, null], id: 'm.u.7' });
    expect(() => renderTemplate('{token}', ctx)).toThrow(/no value for \{token\}/);
  });

  it('finds the correlation id in a text, preferring known users', () => {
    expect(correlationId('vu-00042', 17)).toBe('m.vu-00042.17');
    expect(extractCorrelation('hi m.vu-00042.17!')).toEqual({
      correlationId: 'm.vu-00042.17',
      sender: 'vu-00042',
      senderSeq: 17,
    });
    expect(extractCorrelation('xxxxm.alice.3', new Set(['alice']))).toEqual({
      correlationId: 'm.alice.3',
      sender: 'alice',
      senderSeq: 3,
    });
    expect(extractCorrelation('ping m.other.1 then m.bob.2', new Set(['bob']))?.correlationId).toBe(
      'm.bob.2',
    );
    expect(extractCorrelation('user.name m.a.b.4', new Set(['a.b']))?.sender).toBe('a.b');
    expect(extractCorrelation('no id here')).toBeNull();
    expect(extractCorrelation(42)).toBeNull();
  });
});

describe('reconnection jitter', () => {
  it("draws socket.io-client's backoff from the user's seeded random", () => {
    const durations = (seed: number) => {
      const adapter = createSocketIoEventsAdapter(valid, { reconnection: { initialMs: 100, maxMs: 1000 } });
      const user = adapter.createUser({
        id: 'u',
        url: 'http://127.0.0.1:9',
        transport: 'websocket',
        random: seededRandom(seed),
        sink: new MemorySink(),
      }) as SocketIoEventsConnection;
      const backoff = (user.socket.io as unknown as { backoff: { duration(): number } }).backoff;
      return Array.from({ length: 6 }, () => backoff.duration());
    };
    const a = durations(7);
    expect(durations(7)).toEqual(a);
    expect(durations(8)).not.toEqual(a);
    a.forEach((d, i) => {
      const base = Math.min(1000, 100 * 2 ** i);
      expect(d).toBeGreaterThanOrEqual(base / 2);
      expect(d).toBeLessThanOrEqual(base);
    });
  });
});
