import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HistoryEvent } from './events.js';
import { readHistory } from './reader.js';
import { createRecorder } from './recorder.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'drill-recorder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const tmpFile = () => path.join(dir, `h${++n}.jsonl`);
const lines = (file: string) => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('createRecorder', () => {
  it('stamps t as ms since creation on its clock, never going backwards', async () => {
    let clock = 1000;
    const recorder = createRecorder(tmpFile(), { now: () => clock });
    clock = 1012.5;
    expect(recorder.now()).toBe(12.5);
    expect(recorder.record({ type: 'phase', phase: 'warmup' })).toEqual({
      t: 12.5,
      type: 'phase',
      phase: 'warmup',
    });
    clock = 1005; // a misbehaving clock
    expect(recorder.record({ type: 'phase', phase: 'steady-state' }).t).toBe(12.5);
    await recorder.close();
  });

  it('writes one JSON event per line that reads back as recorded, and keeps them in memory', async () => {
    const file = tmpFile();
    const recorder = createRecorder(file);
    recorder.record({
      type: 'client.connect',
      client: 'c1',
      pod: 'pod-a',
      transport: 'websocket',
      attempt: 1,
      reconnect: false,
    });
    recorder.record({ type: 'rooms.assigned', rooms: { r1: ['c1', 'c2'] } });
    recorder.record({ type: 'note', level: 'warn', message: 'line\nbreak "quoted" ünïcode' });
    await recorder.close();
    expect(lines(file)).toHaveLength(3);
    expect(await readHistory(file)).toEqual(recorder.events);
    expect(recorder.events.map((e) => e.type)).toEqual(['client.connect', 'rooms.assigned', 'note']);
  });

  it('writes a batch within the flush interval without being asked, and on flush()', async () => {
    const file = tmpFile();
    const recorder = createRecorder(file, { flushIntervalMs: 20 });
    recorder.record({ type: 'phase', phase: 'boot' });
    expect(readFileSync(file, 'utf8')).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(lines(file)).toHaveLength(1);
    recorder.record({ type: 'phase', phase: 'warmup' });
    await recorder.flush();
    expect(lines(file)).toHaveLength(2);
    await recorder.close();
  });

  it('refuses events after close(), which is idempotent and releases its process hooks', async () => {
    const before = process.listenerCount('exit');
    const recorder = createRecorder(tmpFile());
    expect(process.listenerCount('exit')).toBeGreaterThanOrEqual(before);
    await Promise.all([recorder.close(), recorder.close()]);
    expect(process.listenerCount('exit')).toBe(before);
    expect(() => recorder.record({ type: 'phase', phase: 'judge' })).toThrow(/closed/);
  });

  it('keeps up with 100k events (a burst well beyond tens of thousands per second)', async () => {
    const file = tmpFile();
    const recorder = createRecorder(file);
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) {
      recorder.record({
        type: 'deliver',
        client: `c${i % 1000}`,
        room: `r${i % 100}`,
        seq: i,
        clientMsgId: `m-${i}`,
        sender: 'c0',
        committedAt: 1_700_000_000_000 + i,
      });
    }
    const recordedMs = performance.now() - started;
    await recorder.close();
    const totalMs = performance.now() - started;
    const events: HistoryEvent[] = await readHistory(file);
    expect(events).toHaveLength(100_000);
    expect(events[99_999]).toEqual(recorder.events[99_999]);
    const perSecond = Math.round(100_000 / (totalMs / 1000));
    console.log(
      `recorder: 100k events recorded in ${recordedMs.toFixed(0)} ms, on disk in ${totalMs.toFixed(0)} ms (${perSecond} events/s)`,
    );
    expect(totalMs).toBeLessThan(5_000);
  });
});
