/**
 * The series each metrics sample field reads by default: the runbooks' metric names plus the
 * process's standard prom-client ones. A target's `metrics.names` overrides any of them.
 */
export const RUNBOOK_METRIC_NAMES: Readonly<Record<string, string>> = {
  connections: 'websocket_connections',
  rssBytes: 'process_resident_memory_bytes',
  heapUsedBytes: 'nodejs_heap_size_used_bytes',
  sessions: 'websocket_sessions',
  redisUp: 'websocket_redis_up',
  databaseUp: 'websocket_database_up',
  presenceEnabled: 'websocket_presence_enabled',
};
