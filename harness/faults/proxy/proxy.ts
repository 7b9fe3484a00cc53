import net, { type AddressInfo, type Socket } from 'node:net';
import { joinHostPort, normalizeListen, resolveListen } from './address.js';
import { Connection, type ConnectionOwner } from './connection.js';
import type { LogFn } from './log.js';
import { createRng, deriveSeed, type Rng } from './random.js';
import { ToxicCollection } from './toxic-collection.js';
import type { Direction, ToxicJson, ToxicSpec } from './toxic-spec.js';

export interface ProxyFields {
  name: string;
  listen: string;
  upstream: string;
}

export interface ProxyJson extends ProxyFields {
  enabled: boolean;
  toxics: ToxicJson[];
}

export class ProxyAlreadyStarted extends Error {
  constructor() {
    super('Proxy already started');
  }
}

/**
 * One TCP proxy: a listener on `listen` that joins every accepted client to a new connection to
 * `upstream` through the proxy's toxics. Disabling it closes the listener and every live connection;
 * enabling it listens again on the same address.
 */
export class Proxy implements ConnectionOwner {
  readonly toxics = new ToxicCollection();
  private isEnabled = false;
  private server: net.Server | undefined;
  private readonly connections = new Set<Connection>();
  private accepted = 0;

  private constructor(
    readonly name: string,
    private listenAddress: string,
    private upstreamAddress: string,
    private readonly seed: number,
    private readonly log: LogFn,
  ) {}

  static async create(fields: ProxyFields, seed: number, log: LogFn): Promise<Proxy> {
    return new Proxy(fields.name, await normalizeOrKeep(fields.listen), fields.upstream, seed, log);
  }

  get enabled(): boolean {
    return this.isEnabled;
  }

  get listen(): string {
    return this.listenAddress;
  }

  get upstream(): string {
    return this.upstreamAddress;
  }

  get liveConnections(): number {
    return this.connections.size;
  }

  toJSON(): ProxyJson {
    return {
      name: this.name,
      listen: this.listenAddress,
      upstream: this.upstreamAddress,
      enabled: this.isEnabled,
      toxics: this.toxics.list(),
    };
  }

  /** Listens on `listen` (port 0: any free port, then reported in `listen`). */
  async start(): Promise<void> {
    if (this.isEnabled) throw new ProxyAlreadyStarted();
    const { host, port } = await resolveListen(this.listenAddress);
    const server = net.createServer({ allowHalfOpen: true, pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (error) =>
      this.log({ msg: 'listener error', proxy: this.name, error: error.message }),
    );
    server.on('connection', (socket: Socket) => this.accept(socket));
    const address = server.address() as AddressInfo;
    this.listenAddress = joinHostPort(address.address, address.port);
    this.server = server;
    this.isEnabled = true;
    this.log({ msg: 'proxy started', proxy: this.name, listen: this.listenAddress, upstream: this.upstream });
  }

  /** Closes the listener and every live connection. */
  async stop(): Promise<void> {
    if (!this.isEnabled) return;
    this.isEnabled = false;
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    const dropped = this.connections.size;
    for (const connection of [...this.connections]) connection.destroy();
    await closed;
    this.log({ msg: 'proxy stopped', proxy: this.name, listen: this.listenAddress, dropped });
  }

  /** True when `other` names another listen address or upstream (addresses compared resolved). */
  async differs(other: Omit<ProxyFields, 'name'>): Promise<boolean> {
    return this.listenAddress !== (await normalizeListen(other.listen)) || this.upstream !== other.upstream;
  }

  /**
   * POST /proxies/{proxy}: a new listen or upstream restarts the proxy (dropping its connections, as
   * Toxiproxy does), so new connections go to the new upstream; then `enabled` is applied.
   */
  async update(input: Omit<ProxyFields, 'name'> & { enabled: boolean }): Promise<void> {
    if (await this.differs(input)) {
      await this.stop();
      this.listenAddress = await normalizeOrKeep(input.listen);
      this.upstreamAddress = input.upstream;
      this.log({
        msg: 'proxy changed',
        proxy: this.name,
        listen: this.listenAddress,
        upstream: this.upstream,
      });
    }
    if (input.enabled !== this.isEnabled) {
      if (input.enabled) await this.start();
      else await this.stop();
    }
  }

  rngFor(connection: number, spec: ToxicSpec, direction: Direction): Rng {
    return createRng(deriveSeed(this.seed, this.name, connection, spec.name, spec.serial, direction));
  }

  connectionClosed(connection: Connection, reason: string): void {
    this.connections.delete(connection);
    if (reason !== 'closed' && reason !== 'proxy stopped') {
      this.log({ msg: 'connection ended', proxy: this.name, connection: connection.index, reason });
    }
  }

  private accept(socket: Socket): void {
    if (!this.isEnabled) {
      socket.destroy();
      return;
    }
    const connection = new Connection(this.accepted++, socket, this);
    this.connections.add(connection);
    connection.open();
  }
}

async function normalizeOrKeep(listen: string): Promise<string> {
  try {
    return await normalizeListen(listen);
  } catch {
    return listen; // reported when the proxy is started
  }
}
