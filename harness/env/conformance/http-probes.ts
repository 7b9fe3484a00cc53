// HTTP probes for the conformance suite: every request on a fresh connection (no keep-alive pool), so a
// pod killed and restarted on the same address is never probed through a stale socket, and a request
// that gets no answer is told apart from one that is refused.
import http from 'node:http';

export type Probe =
  | { kind: 'answer'; status: number; backend: string; setCookie: string; body: string; elapsedMs: number }
  /** refused, reset, closed without an answer… */
  | { kind: 'error'; code: string; elapsedMs: number }
  /** connected (or not), but no answer within the timeout: a paused process */
  | { kind: 'timeout'; elapsedMs: number };

export interface ProbeOptions {
  cookie?: string;
  timeoutMs?: number;
  headers?: Record<string, string>;
}

export function probe(url: string, options: ProbeOptions = {}): Promise<Probe> {
  const { cookie, timeoutMs = 5_000, headers = {} } = options;
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: Probe) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = http.get(url, {
      agent: false,
      headers: { connection: 'close', ...headers, ...(cookie ? { cookie } : {}) },
    });
    // One deadline for connect + answer + body (socket timeouts only measure idleness).
    const timer = setTimeout(() => {
      settle({ kind: 'timeout', elapsedMs: elapsed() });
      req.destroy();
    }, timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) =>
      settle({ kind: 'error', code: error.code ?? error.message, elapsedMs: elapsed() }),
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error: NodeJS.ErrnoException) =>
        settle({ kind: 'error', code: error.code ?? error.message, elapsedMs: elapsed() }),
      );
      res.on('end', () =>
        settle({
          kind: 'answer',
          status: res.statusCode ?? 0,
          backend: String(res.headers['x-backend'] ?? ''),
          setCookie: (res.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]!).join('; '),
          body: Buffer.concat(chunks).toString('utf8'),
          elapsedMs: elapsed(),
        }),
      );
    });
  });
}

/** The HTTP status, or a word for no answer ('timeout', 'error:ECONNREFUSED'), for readable assertions. */
export function outcome(result: Probe): number | string {
  if (result.kind === 'answer') return result.status;
  return result.kind === 'timeout' ? 'timeout' : `error:${result.code}`;
}

export async function statusOf(url: string, options?: ProbeOptions): Promise<number | string> {
  return outcome(await probe(url, options));
}

/**
 * The load balancer's affinity cookie that pins a client to `pod`: requests without a cookie until one
 * lands on `pod`. Provider-neutral (whatever cookie the load balancer sets).
 */
export async function affinityCookie(entryUrl: string, pod: string, attempts = 24): Promise<string> {
  const seen: Array<number | string> = [];
  for (let i = 0; i < attempts; i++) {
    const result = await probe(`${entryUrl}/health`);
    seen.push(result.kind === 'answer' ? `${result.status}:${result.backend}` : outcome(result));
    if (result.kind === 'answer' && result.status === 200 && result.backend === pod) {
      if (!result.setCookie) throw new Error(`the load balancer set no affinity cookie for ${pod}`);
      return result.setCookie;
    }
  }
  throw new Error(`no request through ${entryUrl} reached ${pod} in ${attempts} tries: ${seen.join(', ')}`);
}

/** Which pod answers each of `count` requests through the load balancer without a cookie. */
export async function backendsSeen(entryUrl: string, count: number): Promise<Array<string | number>> {
  const seen: Array<string | number> = [];
  for (let i = 0; i < count; i++) {
    const result = await probe(`${entryUrl}/health`);
    seen.push(result.kind === 'answer' && result.status === 200 ? result.backend : outcome(result));
  }
  return seen;
}

/** A Prometheus sample of `url`/metrics: the value of the first line of metric `name`, or undefined. */
export async function metricValue(podUrl: string, name: string): Promise<number | undefined> {
  const result = await probe(`${podUrl}/metrics`, { timeoutMs: 3_000 });
  if (result.kind !== 'answer' || result.status !== 200) return undefined;
  const line = result.body.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/** A raw websocket upgrade of an engine.io transport: the status it gets (101 when upgraded). */
export function websocketUpgradeStatus(url: string, timeoutMs = 5_000): Promise<number | string> {
  return new Promise((resolve) => {
    const req = http.request(`${url}/socket.io/?EIO=4&transport=websocket`, {
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
      },
    });
    const timer = setTimeout(() => {
      req.destroy();
      resolve('timeout');
    }, timeoutMs);
    req.on('upgrade', (res, socket) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.on('response', (res) => {
      clearTimeout(timer);
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(`error:${error.code ?? error.message}`);
    });
    req.end();
  });
}

/**
 * An engine.io long-polling session through `url`: the handshake, then one poll of that session with
 * the cookies the handshake set. Behind a load balancer the poll only finds its session on the pod that
 * opened it, so a 200 there also shows the affinity works. Resolves with the poll's outcome.
 */
export async function pollingSession(
  url: string,
  timeoutMs = 5_000,
): Promise<{ handshake: number | string; poll?: number | string; sid?: string }> {
  const opened = await probe(`${url}/socket.io/?EIO=4&transport=polling`, { timeoutMs });
  if (opened.kind !== 'answer' || opened.status !== 200) return { handshake: outcome(opened) };
  // The open packet: "0" followed by JSON ({"sid":…,"upgrades":[…],"pingInterval":…}).
  const match = /^0(\{.*\})/.exec(opened.body);
  const sid = match ? (JSON.parse(match[1]!) as { sid?: unknown }).sid : undefined;
  if (typeof sid !== 'string')
    return { handshake: `200 without an open packet: ${opened.body.slice(0, 80)}` };
  // The server answers a poll with a packet at the latest at its next ping (pingInterval).
  const poll = await probe(`${url}/socket.io/?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`, {
    timeoutMs,
    ...(opened.setCookie ? { cookie: opened.setCookie } : {}),
  });
  return { handshake: 200, poll: outcome(poll), sid };
}
