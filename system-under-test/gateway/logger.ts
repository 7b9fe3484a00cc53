import pino, { type Logger } from 'pino';
import type { GatewayConfig } from './config.js';

/** JSON lines on stdout: `msg` carries the runbooks' grep targets, `data` their jq fields. */
export function createLogger(config: Pick<GatewayConfig, 'logLevel' | 'pod' | 'zone'>): Logger {
  return pino({
    level: config.logLevel,
    base: { pod: config.pod, zone: config.zone || undefined },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
