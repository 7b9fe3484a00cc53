import type { AddressInfo } from 'node:net';
import { silent, type LogFn } from './log.js';
import { ProxyCollection } from './proxy-collection.js';
import { createApiServer } from './server.js';

export { VERSION } from './server.js';
export type { LogFn } from './log.js';

export interface FaultProxyServerOptions {
  /** API address; default 127.0.0.1 */
  host?: string;
  /** API port; default 8474 (Toxiproxy's); 0 picks a free one */
  port?: number;
  /** seed of every random draw (jitter, toxicity, slicer sizes); default 0 */
  seed?: number;
  log?: LogFn;
}

export interface FaultProxyServer {
  host: string;
  port: number;
  /** base URL of the API, for `new Toxiproxy(url)` */
  url: string;
  seed: number;
  /** stops the API and every proxy, closing their connections */
  close(): Promise<void>;
}

/** A server speaking Toxiproxy's HTTP API, with Toxiproxy's toxics, seeded so runs replay. */
export async function createFaultProxyServer(
  options: FaultProxyServerOptions = {},
): Promise<FaultProxyServer> {
  const host = options.host ?? '127.0.0.1';
  const seed = (options.seed ?? 0) >>> 0;
  const log = options.log ?? silent;
  const proxies = new ProxyCollection(seed, log);
  const api = createApiServer(proxies, log);
  await new Promise<void>((resolve, reject) => {
    api.once('error', reject);
    api.listen({ host, port: options.port ?? 8474 }, () => {
      api.off('error', reject);
      resolve();
    });
  });
  const { port } = api.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    host,
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    seed,
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => api.close(() => resolve()));
        api.closeAllConnections();
        await proxies.closeAll();
        await stopped;
      })()),
  };
}
