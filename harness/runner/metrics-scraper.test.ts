import { describe, expect, it } from 'vitest';
import { parsePrometheusValues, sampleFromMetrics } from './metrics-scraper.js';

const TEXT = [
  '# HELP process_resident_memory_bytes Resident memory size in bytes.',
  '# TYPE process_resident_memory_bytes gauge',
  'process_resident_memory_bytes{pod="pod-a"} 81920000',
  'nodejs_heap_size_used_bytes{pod="pod-a"} 2.5e7',
  'websocket_connections{pod="pod-a"} 42',
  'websocket_redis_up{pod="pod-a"} 0',
  'websocket_presence_enabled{pod="pod-a"} 1',
  'websocket_latency_seconds_bucket{le="0.1",pod="pod-a"} 7',
].join('\n');

describe('metrics scraper parsing', () => {
  it('reads labelled gauges, scientific notation, and ignores comments', () => {
    const v = parsePrometheusValues(TEXT, ['process_resident_memory_bytes', 'nodejs_heap_size_used_bytes']);
    expect(v.get('process_resident_memory_bytes')).toBe(81_920_000);
    expect(v.get('nodejs_heap_size_used_bytes')).toBe(25_000_000);
  });

  it('turns flags into booleans and leaves missing metrics null', () => {
    const s = sampleFromMetrics('pod-a', TEXT);
    expect(s).toMatchObject({
      pod: 'pod-a',
      connections: 42,
      redisUp: false,
      presenceEnabled: true,
      databaseUp: null,
      sessions: null,
    });
  });
});
