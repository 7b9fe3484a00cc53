import { badRequestBody } from './api-error.js';

// Reading request bodies the way Go's encoding/json reads them into Toxiproxy's structs: unknown fields
// are ignored, null leaves the default, a value of the wrong type is a 400 "bad request body".

export type JsonObject = Record<string, unknown>;

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value;
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') throw badRequestBody('EOF');
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw badRequestBody((error as Error).message);
  }
}

/** An object body; null counts as an empty object (Go decodes null into a struct as a no-op). */
export function asObject(value: unknown, what: string): JsonObject {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequestBody(`json: cannot unmarshal ${jsonType(value)} into Go value of type ${what}`);
  }
  return value as JsonObject;
}

function field<T>(
  obj: JsonObject,
  key: string,
  what: string,
  type: string,
  accept: (value: unknown) => value is T,
): T | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!accept(value)) {
    throw badRequestBody(
      `json: cannot unmarshal ${jsonType(value)} into Go struct field ${what}.${key} of type ${type}`,
    );
  }
  return value;
}

export const optionalString = (obj: JsonObject, key: string, what: string): string | undefined =>
  field(obj, key, what, 'string', (v): v is string => typeof v === 'string');

export const optionalBoolean = (obj: JsonObject, key: string, what: string): boolean | undefined =>
  field(obj, key, what, 'bool', (v): v is boolean => typeof v === 'boolean');

export const optionalNumber = (obj: JsonObject, key: string, what: string): number | undefined =>
  field(obj, key, what, 'float32', (v): v is number => typeof v === 'number');

export const optionalInteger = (obj: JsonObject, key: string, what: string): number | undefined =>
  field(obj, key, what, 'int64', (v): v is number => typeof v === 'number' && Number.isSafeInteger(v));
