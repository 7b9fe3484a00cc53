import {
  badRequestBody,
  missingField,
  proxyAlreadyExists,
  proxyNotFound,
  toApiError,
  type ApiError,
} from './api-error.js';
import { asObject, optionalBoolean, optionalString } from './json-input.js';
import type { LogFn } from './log.js';
import { Proxy, ProxyAlreadyStarted, type ProxyFields } from './proxy.js';

export interface ProxyInput extends ProxyFields {
  enabled: boolean;
}

/** POST /proxies: name and upstream are required, enabled defaults to true. */
export function parseProxyInput(body: unknown, where = ''): ProxyInput {
  const obj = asObject(body, 'toxiproxy.Proxy');
  const name = optionalString(obj, 'name', 'Proxy') ?? '';
  const listen = optionalString(obj, 'listen', 'Proxy') ?? '';
  const upstream = optionalString(obj, 'upstream', 'Proxy') ?? '';
  const enabled = optionalBoolean(obj, 'enabled', 'Proxy') ?? true;
  if (name === '') throw missingField(`name${where}`);
  if (upstream === '') throw missingField(`upstream${where}`);
  return { name, listen, upstream, enabled };
}

/** POST /proxies/{proxy}: absent fields keep their current values. */
export function parseProxyUpdate(proxy: Proxy, body: unknown): Omit<ProxyInput, 'name'> {
  const obj = asObject(body, 'toxiproxy.Proxy');
  return {
    listen: optionalString(obj, 'listen', 'Proxy') ?? proxy.listen,
    upstream: optionalString(obj, 'upstream', 'Proxy') ?? proxy.upstream,
    enabled: optionalBoolean(obj, 'enabled', 'Proxy') ?? proxy.enabled,
  };
}

/** The proxies by name (Toxiproxy's ProxyCollection). */
export class ProxyCollection {
  private readonly proxies = new Map<string, Proxy>();

  constructor(
    private readonly seed: number,
    private readonly log: LogFn,
  ) {}

  list(): Proxy[] {
    return [...this.proxies.values()];
  }

  get(name: string): Proxy {
    const proxy = this.proxies.get(name);
    if (!proxy) throw proxyNotFound();
    return proxy;
  }

  /** 409 if the name is taken; a listener that cannot start is an error and nothing is added. */
  async add(input: ProxyInput): Promise<Proxy> {
    if (this.proxies.has(input.name)) throw proxyAlreadyExists();
    const proxy = await Proxy.create(input, this.seed, this.log);
    if (input.enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  /** An existing proxy with the same listen and upstream is kept as it is; otherwise it is replaced. */
  async addOrReplace(input: ProxyInput): Promise<Proxy> {
    const existing = this.proxies.get(input.name);
    if (existing) {
      if (!(await existing.differs(input))) return existing;
      await existing.stop();
    }
    const proxy = await Proxy.create(input, this.seed, this.log);
    if (input.enabled) await proxy.start();
    this.proxies.set(proxy.name, proxy);
    return proxy;
  }

  /**
   * POST /populate: validates every entry first, then adds or replaces them in order. On an error the
   * proxies done so far stay, and are reported with the error.
   */
  async populate(body: unknown): Promise<{ proxies: Proxy[]; error?: ApiError }> {
    if (body === null) return { proxies: [] };
    if (!Array.isArray(body)) {
      const type = typeof body;
      throw badRequestBody(`json: cannot unmarshal ${type} into Go value of type []toxiproxy.Proxy`);
    }
    const inputs = body.map((entry, i) => parseProxyInput(entry, ` at proxy ${i + 1}`));
    const proxies: Proxy[] = [];
    for (const input of inputs) {
      try {
        proxies.push(await this.addOrReplace(input));
      } catch (error) {
        return { proxies, error: toApiError(error) };
      }
    }
    return { proxies };
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    await proxy.stop();
    this.proxies.delete(name);
  }

  /** POST /reset: every proxy enabled, every toxic removed. */
  async reset(): Promise<void> {
    for (const proxy of this.proxies.values()) {
      try {
        await proxy.start();
      } catch (error) {
        if (!(error instanceof ProxyAlreadyStarted)) throw error;
      }
      proxy.toxics.reset();
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.proxies.values()].map((proxy) => proxy.stop()));
    this.proxies.clear();
  }
}
