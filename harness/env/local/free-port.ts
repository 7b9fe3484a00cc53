import { readFileSync } from 'node:fs';
import net from 'node:net';
import { randomInt } from 'node:crypto';

export const LOOPBACK = '127.0.0.1';

const PREFERRED_LOW = 20_000;
const ATTEMPTS = 50;

/** True when a listener can bind 127.0.0.1:port right now. */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: LOOPBACK, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function listenOnAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: LOOPBACK, port: 0, exclusive: true }, () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a loopback listener'));
      });
    });
  });
}

function ephemeralRangeStart(): number | undefined {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const value = Number(low);
    return Number.isInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A loopback TCP port that is free now.
 *
 * Servers are stopped and started again on the same port. A port from the ephemeral range (what
 * listening on port 0 returns) can meanwhile become the local end of some outgoing connection, and
 * then the restart fails with EADDRINUSE. So ports below that range are preferred, checked by binding;
 * port 0 is the fallback.
 */
export async function getFreePort(): Promise<number> {
  const rangeStart = ephemeralRangeStart();
  if (rangeStart !== undefined && rangeStart - PREFERRED_LOW >= 1_000) {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const port = randomInt(PREFERRED_LOW, rangeStart);
      if (await isPortFree(port)) return port;
    }
  }
  return listenOnAnyPort();
}
