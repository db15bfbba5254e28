import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';

/**
 * Azure Policy treats key names in definitions case-insensitively ("allof", "AllOf" and
 * "allOf" are the same key; the corpus has all three). These helpers read rule JSON that way.
 */
export function member(object: JsonObject, key: string): JsonValue | undefined {
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(object)) {
    if (k.toLowerCase() === lower) return object[k];
  }
  return undefined;
}

/** The object's keys, lower-cased, mapped to the key as written. */
export function keysOf(object: JsonObject): Map<string, string> {
  const keys = new Map<string, string>();
  for (const k of Object.keys(object)) keys.set(k.toLowerCase(), k);
  return keys;
}

export function objectMember(object: JsonObject, key: string): JsonObject | undefined {
  const value = member(object, key);
  return isJsonObject(value) ? value : undefined;
}

export function stringMember(object: JsonObject, key: string): string | undefined {
  const value = member(object, key);
  return typeof value === 'string' ? value : undefined;
}

/** Appends a key to a JSON pointer (RFC 6901 escaping). */
export function pointerJoin(pointer: string, key: string | number): string {
  return `${pointer}/${String(key).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
