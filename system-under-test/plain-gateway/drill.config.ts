import { defineConfig } from '../../harness/api.js';

// The plain gateway as a drill target: started as a command, driven through the declarative
// socketio-events adapter only. It offers health endpoints and nothing else (no acks, no sequence
// numbers, no resume, no durable store, no pod identity), so the durability criteria are not
// applicable and loss is judged from the harness's own correlation ids.
export default defineConfig({
  target: {
    name: 'plain-gateway',
    description:
      'An ordinary Socket.IO chat gateway: Redis adapter fan-out, broadcast to the rest of the room, no acks, no persistence, no resume',
    local: {
      command: ['node', '--import', 'tsx', 'main.ts'],
      cwd: '.',
      env: { PORT: '{port}', HOST: '{host}', REDIS_URL: '{redisUrl}', POD_NAME: '{pod}' },
    },
    readinessPath: '/health',
    livenessPath: '/health',
    services: { redis: true, postgres: 'none' },
    loadBalancer: { affinityCookie: true, upgrade: true },
    capabilities: ['health'],
    adapter: {
      kind: 'socketio-events',
      join: { emit: 'join', data: { room: '{room}' } },
      send: { emit: 'chat', data: { room: '{room}', text: '{correlationId} {body}' } },
      receive: { on: 'chat', field: 'text' },
      echo: false,
      transports: ['websocket'],
    },
  },
});
