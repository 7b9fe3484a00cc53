import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, badRequestBody, toApiError } from './api-error.js';
import { parseJson } from './json-input.js';
import type { LogFn } from './log.js';
import { parseProxyInput, parseProxyUpdate, type ProxyCollection } from './proxy-collection.js';

/** Reported by GET /version: the Toxiproxy release whose API this follows. */
export const VERSION = '2.12.0+runbook-drill';

const MAX_BODY_BYTES = 1 << 20;

type Reply = { status: number; body?: unknown };
type Handler = (params: string[], body: () => Promise<unknown>) => Promise<Reply>;
interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (part: Buffer) => {
      size += part.length;
      if (size > MAX_BODY_BYTES) {
        reject(badRequestBody('request body too large'));
        req.destroy();
      } else {
        parts.push(part);
      }
    });
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** The Toxiproxy HTTP API over a proxy collection. Requests are handled one at a time. */
export function createApiServer(proxies: ProxyCollection, log: LogFn): http.Server {
  const ok = (body: unknown): Reply => ({ status: 200, body });
  const noContent: Reply = { status: 204 };

  const routes: Route[] = [
    {
      pattern: /^\/version$/,
      methods: { GET: async () => ({ status: 200, body: { version: VERSION } }) },
    },
    {
      pattern: /^\/reset$/,
      methods: {
        POST: async () => {
          await proxies.reset();
          log({ msg: 'reset' });
          return noContent;
        },
      },
    },
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: async () => ok(Object.fromEntries(proxies.list().map((p) => [p.name, p.toJSON()]))),
        POST: async (_, body) => {
          const proxy = await proxies.add(parseProxyInput(await body()));
          log({ msg: 'proxy created', proxy: proxy.name, listen: proxy.listen, upstream: proxy.upstream });
          return { status: 201, body: proxy.toJSON() };
        },
      },
    },
    {
      pattern: /^\/populate$/,
      methods: {
        POST: async (_, body) => {
          const { proxies: done, error } = await proxies.populate(await body());
          log({ msg: 'populate', proxies: done.map((p) => p.name), error: error?.message });
          const list = done.map((p) => p.toJSON());
          return error
            ? { status: error.status, body: { ...error.toJSON(), proxies: list } }
            : { status: 201, body: { proxies: list } };
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)$/,
      methods: {
        GET: async ([name = '']) => ok(proxies.get(name).toJSON()),
        POST: async ([name = ''], body) => updateProxy(name, await body()),
        PATCH: async ([name = ''], body) => updateProxy(name, await body()),
        DELETE: async ([name = '']) => {
          await proxies.remove(name);
          log({ msg: 'proxy deleted', proxy: name });
          return noContent;
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics$/,
      methods: {
        GET: async ([name = '']) => ok(proxies.get(name).toxics.list()),
        POST: async ([name = ''], body) => {
          const proxy = proxies.get(name);
          const toxic = proxy.toxics.add(await body());
          log({ msg: 'toxic added', proxy: name, ...toxic });
          return ok(toxic);
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
      methods: {
        GET: async ([name = '', toxic = '']) => ok(proxies.get(name).toxics.get(toxic)),
        POST: async ([name = '', toxic = ''], body) => updateToxic(name, toxic, await body()),
        PATCH: async ([name = '', toxic = ''], body) => updateToxic(name, toxic, await body()),
        DELETE: async ([name = '', toxic = '']) => {
          proxies.get(name).toxics.remove(toxic);
          log({ msg: 'toxic removed', proxy: name, toxic });
          return noContent;
        },
      },
    },
  ];

  async function updateProxy(name: string, body: unknown): Promise<Reply> {
    const proxy = proxies.get(name);
    await proxy.update(parseProxyUpdate(proxy, body));
    log({ msg: 'proxy updated', ...proxy.toJSON(), toxics: undefined });
    return ok(proxy.toJSON());
  }

  function updateToxic(proxy: string, name: string, body: unknown): Reply {
    const toxic = proxies.get(proxy).toxics.update(name, body);
    log({ msg: 'toxic updated', proxy, ...toxic });
    return ok(toxic);
  }

  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const next = queue.then(task, task);
    queue = next.catch(() => {});
    return next;
  };

  const send = (res: ServerResponse, reply: Reply): void => {
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
      return;
    }
    const text = `${JSON.stringify(reply.body)}\n`;
    res
      .writeHead(reply.status, {
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(text),
      })
      .end(text);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Toxiproxy refuses browsers, so a web page cannot drive the API.
    if ((req.headers['user-agent'] ?? '').startsWith('Mozilla/')) {
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' }).end('User agent not allowed\n');
      return;
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const route = routes.find((r) => r.pattern.test(path));
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    const handler = route.methods[req.method ?? ''];
    if (!handler) {
      res.writeHead(405).end();
      return;
    }
    const params = (route.pattern.exec(path) ?? []).slice(1).map((p) => decodeURIComponent(p));
    const body = readBody(req);
    body.catch(() => {});
    try {
      send(res, await serial(() => handler(params, async () => parseJson(await body))));
    } catch (error) {
      const apiError = toApiError(error);
      if (!(error instanceof ApiError)) log({ msg: 'request failed', path, error: apiError.message });
      send(res, { status: apiError.status, body: apiError.toJSON() });
    }
  };

  return http.createServer((req, res) => void handle(req, res));
}
