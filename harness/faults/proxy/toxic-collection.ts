import { toxicNotFound } from './api-error.js';
import {
  parseNewToxic,
  parseToxicUpdate,
  toxicJson,
  type Direction,
  type ToxicJson,
  type ToxicSpec,
} from './toxic-spec.js';

/** A live link the toxics of its direction are applied to. */
export interface ToxicTarget {
  readonly direction: Direction;
  addToxic(spec: ToxicSpec): void;
  removeToxic(name: string): void;
  restartToxic(name: string): void;
}

/**
 * The toxics of one proxy, as one chain per direction (Toxiproxy's ToxicCollection). Every change is
 * applied to the live links too: new connections start with the chain as it is.
 */
export class ToxicCollection {
  private readonly chains: Record<Direction, ToxicSpec[]> = { upstream: [], downstream: [] };
  private readonly targets = new Set<ToxicTarget>();
  private serial = 0;

  chain(direction: Direction): readonly ToxicSpec[] {
    return this.chains[direction];
  }

  /** upstream toxics first, then downstream, each in the order they were added (as Toxiproxy lists them) */
  list(): ToxicJson[] {
    return [...this.chains.upstream, ...this.chains.downstream].map(toxicJson);
  }

  get(name: string): ToxicJson {
    return toxicJson(this.find(name));
  }

  add(body: unknown): ToxicJson {
    const spec = parseNewToxic(body, this.serial, (name) => this.lookup(name) !== undefined);
    this.serial++;
    this.chains[spec.stream].push(spec);
    for (const target of [...this.targets]) if (target.direction === spec.stream) target.addToxic(spec);
    return toxicJson(spec);
  }

  update(name: string, body: unknown): ToxicJson {
    const spec = this.find(name);
    const { attributes, toxicity } = parseToxicUpdate(spec, body);
    spec.attributes = attributes;
    spec.toxicity = toxicity;
    for (const target of [...this.targets]) if (target.direction === spec.stream) target.restartToxic(name);
    return toxicJson(spec);
  }

  remove(name: string): void {
    const spec = this.find(name);
    const chain = this.chains[spec.stream];
    chain.splice(chain.indexOf(spec), 1);
    for (const target of [...this.targets]) if (target.direction === spec.stream) target.removeToxic(name);
  }

  /** removes every toxic (POST /reset) */
  reset(): void {
    for (const spec of [...this.chains.upstream, ...this.chains.downstream]) this.remove(spec.name);
  }

  attach(target: ToxicTarget): void {
    this.targets.add(target);
  }

  detach(target: ToxicTarget): void {
    this.targets.delete(target);
  }

  private lookup(name: string): ToxicSpec | undefined {
    return (
      this.chains.upstream.find((t) => t.name === name) ?? this.chains.downstream.find((t) => t.name === name)
    );
  }

  private find(name: string): ToxicSpec {
    const spec = this.lookup(name);
    if (!spec) throw toxicNotFound();
    return spec;
  }
}
