// The --target URL: parsing it, the host:port it names, the same URL through the fault proxy, and
// the TCP check that something answers there.
import net from 'node:net';
import { LOOPBACK } from '../local/free-port.js';

/** The --target URL parsed; throws when it is not a URL or its scheme is not http(s)/ws(s). */
export function parseTargetUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`--target ${url}: not a URL (expected http://host:port/…)`);
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(parsed.protocol)) {
    throw new Error(
      `--target ${url}: the scheme must be http, https, ws or wss, not ${parsed.protocol.replace(/:$/, '')}`,
    );
  }
  return parsed;
}

/** Where the link forwards: host:port of the URL (the scheme's default port when it names none). */
export function upstreamOf(url: URL): { host: string; port: number } {
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port =
    url.port !== '' ? Number(url.port) : url.protocol === 'https:' || url.protocol === 'wss:' ? 443 : 80;
  return { host, port };
}

/** The entry URL through the proxy: the same scheme, path and query on 127.0.0.1:<listenPort>. */
export function proxiedUrl(url: URL, listenPort: number): string {
  const entry = new URL(url.href);
  entry.hostname = LOOPBACK;
  entry.port = String(listenPort);
  // A bare origin stays bare (URL's href would add a '/'); otherwise path and query are kept.
  return url.pathname === '/' && url.search === '' && url.hash === '' ? entry.origin : entry.href;
}

/** Resolves once host:port accepts a TCP connection; rejects on an error or after timeoutMs. */
export function tcpConnect(host: string, port: number, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve();
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
