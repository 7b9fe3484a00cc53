// The fault proxy as a process: `node --import tsx main.ts --port 8474 --host 127.0.0.1 --seed 42`.
// `--config proxies.json` creates those proxies at start, as Toxiproxy's `-config` does. Prints one JSON line {"ready":true,"port":N,...} on stdout once the API listens; logs JSON lines on
// stderr; SIGTERM or SIGINT closes every proxy and exits 0.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createFaultProxyServer } from './index.js';

function integer(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`--${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
    process.exit(2);
  }
  return parsed;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    config: { type: 'string' },
  },
});

const server = await createFaultProxyServer({
  host: values.host ?? '127.0.0.1',
  port: integer(values.port, 'port', 8474),
  seed: integer(values.seed, 'seed', 0),
  log: (entry) => process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), ...entry })}\n`),
});

if (values.config !== undefined) {
  // Through the server's own /populate, so the file is validated exactly as an API call would be.
  const api = `http://${server.host === '0.0.0.0' ? '127.0.0.1' : server.host}:${server.port}`;
  const res = await fetch(`${api}/populate`, { method: 'POST', body: readFileSync(values.config, 'utf8') });
  if (!res.ok) {
    console.error(`--config ${values.config}: ${res.status} ${await res.text()}`);
    await server.close();
    process.exit(2);
  }
  await res.body?.cancel();
}

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  server.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`${signal}: close failed: ${String(error)}`);
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));

process.stdout.write(
  `${JSON.stringify({ ready: true, port: server.port, host: server.host, seed: server.seed })}\n`,
);
