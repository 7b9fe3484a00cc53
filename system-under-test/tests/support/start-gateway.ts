// One reference gateway process on loopback, outside any topology, for the gateway's own tests: the
// local substrate's generic pod starter given this gateway's command and variables.
import path from 'node:path';
import { getFreePort, LOOPBACK } from '../../../harness/env/local/free-port.js';
import { startGatewayProcess, type GatewayProcess } from '../../../harness/env/local/gateway-process.js';

const REPO_ROOT = path.resolve(import.meta.dirname, '../../..');

export interface GatewayOptions {
  pod: string;
  zone?: string;
  databaseUrl: string;
  redisUrl?: string;
  /** Extra environment (timings, auth, SUT_DEFECTS…), as the gateway reads it. */
  env?: Record<string, string>;
  logDir: string;
  port?: number;
  readyTimeoutMs?: number;
}

/** Starts the gateway as `node --import tsx main.ts` (signals reach it), ready once /health is 200. */
export async function startGateway(opts: GatewayOptions): Promise<GatewayProcess> {
  const port = opts.port ?? (await getFreePort());
  return startGatewayProcess({
    pod: opts.pod,
    ...(opts.zone === undefined ? {} : { zone: opts.zone }),
    command: ['node', '--import', 'tsx', 'system-under-test/gateway/main.ts'],
    cwd: REPO_ROOT,
    env: {
      PORT: String(port),
      HOST: LOOPBACK,
      POD_NAME: opts.pod,
      ZONE: opts.zone ?? '',
      DATABASE_URL: opts.databaseUrl,
      ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
      ...opts.env,
    },
    port,
    readinessPath: '/health',
    logDir: opts.logDir,
    ...(opts.readyTimeoutMs === undefined ? {} : { readyTimeoutMs: opts.readyTimeoutMs }),
  });
}
