/** A value as JSON can carry it. `undefined` is never stored; it means "absent". */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Property lookup the way ARM consumers see it: exact name first, then a
 * case-insensitive match, because snapshots from different tools disagree on casing
 * (Resource Graph lower-cases some keys that ARM GET returns camelCased).
 */
export function getProperty(object: JsonObject, key: string): JsonValue | undefined {
  const exact = object[key];
  if (exact !== undefined) return exact;
  const lower = key.toLowerCase();
  for (const k in object) {
    if (k.toLowerCase() === lower) return object[k];
  }
  return undefined;
}
