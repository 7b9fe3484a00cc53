import { log, startPlainGateway } from './server.js';

// Environment: PORT (default 3000), HOST (default 0.0.0.0), REDIS_URL (default
// redis://127.0.0.1:6379), POD_NAME (only for logs).
const podName = process.env.POD_NAME ?? 'plain-gateway';
const port = Number(process.env.PORT ?? 3000);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`plain-gateway: PORT must be a port number, got "${process.env.PORT}"`);
  process.exit(2);
}

// The adapter publishes without handling the promise; a failed publish is logged, not a crash.
process.on('unhandledRejection', (reason) => log(podName, 'unhandled rejection:', reason));

const gateway = await startPlainGateway({
  port,
  host: process.env.HOST || '0.0.0.0',
  redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  podName,
});

// No drain protocol: close the server (which disconnects every socket) and exit.
let closing = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (closing) return;
    closing = true;
    log(podName, `${signal}: closing`);
    const force = setTimeout(() => process.exit(0), 5_000);
    force.unref();
    void gateway.close().finally(() => process.exit(0));
  });
}
