// The fixture run with its Redis latency window (f2) measured against the injected delay.
import type { FaultLatencySeries, RunResult } from '../../harness/runner/result.js';
import { fixtureResult } from './fixture.js';

export const FAULT_LATENCY: FaultLatencySeries = {
  baseline: {
    delivery: { count: 12_000, p50: 18, p99: 64 },
    sendAck: { count: 1_200, p50: 9, p99: 31 },
  },
  windows: [
    {
      id: 'f2',
      fault: 'latency',
      targets: ['gw-1->redis', 'gw-3->redis'],
      startT: 55_000,
      endT: 68_000,
      latencyMs: 200,
      jitterMs: 50,
      delivery: { count: 2_400, p50: 431, p99: 912 },
      sendAck: { count: 240, p50: 12, p99: 40 },
    },
    {
      id: 'f3',
      fault: 'latency',
      targets: ['client->gw-1'],
      startT: 70_000,
      endT: null,
      latencyMs: 100,
      jitterMs: 0,
      delivery: { count: 0, p50: null, p99: null },
      sendAck: { count: 0, p50: null, p99: null },
    },
  ],
};

export function fixtureWithFaultLatency(): RunResult {
  const result = fixtureResult();
  return { ...result, charts: { ...result.charts, faultLatency: structuredClone(FAULT_LATENCY) } };
}
