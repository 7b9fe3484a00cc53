import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// Metric names are the ones the runbooks query: websocket_* from the realtime runbook's
// Prometheus rules, ws_connections from the infrastructure runbook's `grep ws_connections`.
export function createMetrics(pod: string) {
  const registry = new Registry();
  registry.setDefaultLabels({ pod });
  collectDefaultMetrics({ register: registry });

  const m = {
    registry,
    connections: new Gauge({
      name: 'websocket_connections',
      help: 'Socket.IO connections open on this pod',
      registers: [registry],
    }),
    connectionsAccepted: new Counter({
      name: 'ws_connections_total',
      help: 'Socket.IO connections accepted since start',
      registers: [registry],
    }),
    connectionsRejected: new Counter({
      name: 'websocket_connections_rejected_total',
      help: 'Connections refused at handshake, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    messages: new Counter({
      name: 'websocket_messages_total',
      help: 'message:send requests by result (committed, duplicate, rejected, failed)',
      labelNames: ['result'],
      registers: [registry],
    }),
    errors: new Counter({
      name: 'websocket_errors_total',
      help: 'Errors answered to clients, by code',
      labelNames: ['code'],
      registers: [registry],
    }),
    latency: new Histogram({
      name: 'websocket_latency_seconds',
      help: 'message:send handling time, receipt to ack (includes the database commit)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    disconnects: new Counter({
      name: 'websocket_disconnects_total',
      help: 'Disconnects by Socket.IO reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    heartbeatTimeouts: new Counter({
      name: 'websocket_heartbeat_timeouts_total',
      help: 'Connections closed because the client missed the heartbeat (ping timeout)',
      registers: [registry],
    }),
    replayed: new Counter({
      name: 'websocket_replayed_messages_total',
      help: 'Messages sent to clients from PostgreSQL on resume or gap fill',
      registers: [registry],
    }),
    sessions: new Gauge({
      name: 'websocket_sessions',
      help: 'Per-connection session records held in memory (should equal websocket_connections)',
      registers: [registry],
    }),
    redisUp: new Gauge({
      name: 'websocket_redis_up',
      help: '1 when Redis is reachable',
      registers: [registry],
    }),
    databaseUp: new Gauge({
      name: 'websocket_database_up',
      help: '1 when the last database check succeeded',
      registers: [registry],
    }),
    presenceEnabled: new Gauge({
      name: 'websocket_presence_enabled',
      help: '1 while presence is tracked (Redis up)',
      registers: [registry],
    }),
    draining: new Gauge({
      name: 'websocket_draining',
      help: '1 once graceful shutdown has begun',
      registers: [registry],
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
