import { badRequestBody, invalidStream, invalidToxicType, toxicAlreadyExists } from './api-error.js';
import { asObject, optionalInteger, optionalNumber, optionalString, type JsonObject } from './json-input.js';
import { toxicTypes, type AnyToxicType, type Attributes } from './toxics/index.js';

export type Direction = 'upstream' | 'downstream';

/** A toxic as configured on a proxy (Toxiproxy's ToxicWrapper). */
export interface ToxicSpec {
  name: string;
  type: string;
  kind: AnyToxicType;
  stream: Direction;
  toxicity: number;
  attributes: Attributes;
  /** n-th toxic added to its proxy: part of the seed of its random streams */
  serial: number;
}

export interface ToxicJson {
  attributes: Attributes;
  name: string;
  type: string;
  stream: Direction;
  toxicity: number;
}

export function toxicJson(spec: ToxicSpec): ToxicJson {
  return {
    attributes: { ...spec.attributes },
    name: spec.name,
    type: spec.type,
    stream: spec.stream,
    toxicity: spec.toxicity,
  };
}

function parseDirection(value: string): Direction {
  const lower = value.toLowerCase();
  if (lower === 'upstream' || lower === 'downstream') return lower;
  throw invalidStream();
}

function parseToxicity(obj: JsonObject): number | undefined {
  const toxicity = optionalNumber(obj, 'toxicity', 'ToxicWrapper');
  // Toxiproxy takes any number; a probability outside [0, 1] is refused here.
  if (toxicity !== undefined && !(toxicity >= 0 && toxicity <= 1)) {
    throw badRequestBody(`toxicity must be between 0 and 1, got ${toxicity}`);
  }
  return toxicity;
}

/** The known attributes of `kind` from `value`, on top of `base`; unknown keys are ignored. */
function parseAttributes(kind: AnyToxicType, value: unknown, base: Attributes): Attributes {
  const obj = asObject(value ?? null, `toxics.${kind.type}`);
  const result: Attributes = { ...base };
  for (const key of Object.keys(kind.defaults)) {
    const parsed = optionalInteger(obj, key, kind.type);
    if (parsed !== undefined) result[key] = parsed;
  }
  return result;
}

/** POST /proxies/{proxy}/toxics: defaults are stream downstream, toxicity 1, name `<type>_<stream>`. */
export function parseNewToxic(body: unknown, serial: number, exists: (name: string) => boolean): ToxicSpec {
  const obj = asObject(body, 'toxics.ToxicWrapper');
  const type = optionalString(obj, 'type', 'ToxicWrapper') ?? '';
  const stream = parseDirection(optionalString(obj, 'stream', 'ToxicWrapper') ?? 'downstream');
  const toxicity = parseToxicity(obj) ?? 1;
  const name = optionalString(obj, 'name', 'ToxicWrapper') || `${type}_${stream}`;
  const kind = toxicTypes.get(type);
  if (!kind) throw invalidToxicType();
  if (exists(name)) throw toxicAlreadyExists();
  const attributes = parseAttributes(kind, obj.attributes, kind.defaults);
  return { name, type, kind, stream, toxicity, attributes, serial };
}

/** POST /proxies/{proxy}/toxics/{toxic}: only attributes (merged) and toxicity change. */
export function parseToxicUpdate(
  spec: ToxicSpec,
  body: unknown,
): { attributes: Attributes; toxicity: number } {
  const obj = asObject(body, 'toxics.ToxicWrapper');
  return {
    attributes: parseAttributes(spec.kind, obj.attributes, spec.attributes),
    toxicity: parseToxicity(obj) ?? spec.toxicity,
  };
}
