import { lookup } from 'node:dns/promises';
import net from 'node:net';

export interface HostPort {
  host: string;
  port: number;
}

/** Splits `host:port` (`[v6]:port` for IPv6) as Go's net.SplitHostPort does. */
export function splitHostPort(address: string): HostPort {
  const colon = address.lastIndexOf(':');
  if (colon < 0) throw new Error(`address ${address}: missing port in address`);
  let host = address.slice(0, colon);
  const portText = address.slice(colon + 1);
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  else if (host.includes(':')) throw new Error(`address ${address}: too many colons in address`);
  const port = Number(portText);
  if (portText === '' || !Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`address ${address}: invalid port`);
  }
  return { host, port };
}

export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The address a listen field means: `localhost` is 127.0.0.1 (as Go resolves it); an empty host is
 * 127.0.0.1 too (Toxiproxy would listen on every interface; this stand-in stays on loopback). An
 * omitted or empty listen, or an empty port (`127.0.0.1:`), means port 0, any free port, as Go's
 * net.Listen takes them.
 */
export async function resolveListen(address: string): Promise<HostPort> {
  const { host, port } = address === '' ? { host: '', port: 0 } : splitHostPort(portOrZero(address));
  if (host === '' || host === 'localhost') return { host: '127.0.0.1', port };
  if (net.isIP(host)) return { host, port };
  const found = await lookup(host, { family: 4 }).catch(() => lookup(host));
  return { host: found.address, port };
}

/** `host:` (an empty port) as `host:0`; a listen address only (an upstream needs its port). */
function portOrZero(address: string): string {
  return address.endsWith(':') ? `${address}0` : address;
}

/** The listen field in the form that is compared and reported: resolved `ip:port`. */
export async function normalizeListen(address: string): Promise<string> {
  const { host, port } = await resolveListen(address);
  return joinHostPort(host, port);
}
