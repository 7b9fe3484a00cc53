import net, { type Socket } from 'node:net';
import { splitHostPort } from './address.js';
import { Link, type LinkHost } from './link.js';
import type { Rng } from './random.js';
import type { ToxicCollection } from './toxic-collection.js';
import type { Direction, ToxicSpec } from './toxic-spec.js';

export interface ConnectionOwner {
  readonly upstream: string;
  readonly toxics: ToxicCollection;
  rngFor(connection: number, spec: ToxicSpec, direction: Direction): Rng;
  connectionClosed(connection: Connection, reason: string): void;
}

/** Force-close sockets whose last data the peer does not take within this time. */
const FLUSH_TIMEOUT_MS = 5_000;

/**
 * One client connection and its upstream connection, joined by two links (client → upstream is
 * "upstream", upstream → client is "downstream"). As in Toxiproxy, when one direction has delivered
 * its end of stream, its destination is closed and the other direction's input ends too; once both
 * have ended, both sockets are closed.
 */
export class Connection implements LinkHost {
  private upstreamSocket: Socket | undefined;
  private links: Link[] = [];
  private closed = false;
  private reported = false;
  private reason = '';

  constructor(
    readonly index: number,
    private readonly client: Socket,
    private readonly owner: ConnectionOwner,
  ) {}

  /** Dials the upstream; the client (accepted paused) is read once the upstream is connected. */
  open(): void {
    const client = this.client;
    client.setNoDelay(true);
    client.on('error', () => this.socketGone(client));
    client.on('close', () => this.socketGone(client));
    let target: { host: string; port: number };
    try {
      target = splitHostPort(this.owner.upstream);
    } catch {
      this.destroy('bad upstream address');
      return;
    }
    const upstream = net.connect({
      host: target.host,
      port: target.port,
      allowHalfOpen: true,
      noDelay: true,
    });
    this.upstreamSocket = upstream;
    upstream.on('error', () => this.socketGone(upstream));
    upstream.on('close', () => this.socketGone(upstream));
    upstream.once('connect', () => this.connected(upstream));
  }

  /** Closes both sides at once (the proxy was disabled, changed or deleted), also while they flush. */
  destroy(reason = 'proxy stopped'): void {
    for (const socket of this.sockets()) socket.destroy();
    if (this.closed) this.reportIfGone();
    else this.dispose(reason);
  }

  /** TCP RST to both peers (reset_peer). */
  reset(): void {
    if (this.closed) return;
    for (const socket of this.sockets()) {
      if (!socket.destroyed) socket.resetAndDestroy();
    }
    this.dispose('reset');
  }

  fail(error: unknown): void {
    this.destroy(`internal error: ${error instanceof Error ? error.message : String(error)}`);
  }

  finished(link: Link): void {
    if (this.closed) return;
    if (!link.dest.destroyed) link.dest.end();
    for (const other of this.links) if (other !== link) other.endInput();
    if (this.links.every((l) => l.finished)) this.closeSockets();
  }

  rngFor(spec: ToxicSpec, direction: Direction): Rng {
    return this.owner.rngFor(this.index, spec, direction);
  }

  private connected(upstream: Socket): void {
    if (this.closed) {
      upstream.destroy();
      return;
    }
    const toxics = this.owner.toxics;
    this.links = [
      new Link('upstream', this.client, upstream, this, toxics.chain('upstream')),
      new Link('downstream', upstream, this.client, this, toxics.chain('downstream')),
    ];
    for (const link of this.links) {
      toxics.attach(link);
      link.start();
    }
    this.client.resume();
  }

  /** A socket failed or was closed under us: its input ends; nothing more is written to it. */
  private socketGone(socket: Socket): void {
    if (this.closed) return this.reportIfGone();
    if (this.links.length === 0) {
      this.destroy(socket === this.client ? 'client gone' : 'upstream unreachable');
      return;
    }
    if (!socket.destroyed) socket.destroy();
    for (const link of this.links) if (link.source === socket) link.endInput();
  }

  private closeSockets(): void {
    for (const socket of this.sockets()) {
      if (socket.destroyed) continue;
      if (socket.writableFinished) {
        socket.destroy();
        continue;
      }
      const timer = setTimeout(() => socket.destroy(), FLUSH_TIMEOUT_MS).unref();
      socket.once('finish', () => socket.destroy());
      socket.once('close', () => clearTimeout(timer));
    }
    this.dispose('closed');
  }

  private sockets(): Socket[] {
    return this.upstreamSocket ? [this.client, this.upstreamSocket] : [this.client];
  }

  private dispose(reason: string): void {
    this.closed = true;
    this.reason = reason;
    for (const link of this.links) {
      this.owner.toxics.detach(link);
      link.dispose();
    }
    this.reportIfGone();
  }

  /** The owner forgets the connection once its sockets are destroyed (not while they still flush). */
  private reportIfGone(): void {
    if (this.reported || !this.sockets().every((s) => s.destroyed)) return;
    this.reported = true;
    this.owner.connectionClosed(this, this.reason);
  }
}
