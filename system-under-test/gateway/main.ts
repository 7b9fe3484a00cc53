import { ConfigError, loadConfig } from './config.js';
import { startGateway } from './gateway.js';
import { createLogger } from './logger.js';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(`gateway: ${err.message}`);
  process.exit(2);
}

const log = createLogger(config);
const exit = (code: number) => {
  log.flush();
  process.exit(code);
};

process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled rejection'));
process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception: exiting');
  exit(1);
});

try {
  const gateway = await startGateway(config, log, exit);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => void gateway.shutdown(signal));
  }
} catch (err) {
  log.fatal({ err }, 'gateway failed to start');
  exit(1);
}
