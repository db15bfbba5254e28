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
  // Own properties only: `constructor` or `__proto__` must not reach Object.prototype. JSON values
  // are never functions, so an inherited method reads as absent without an own-property check.
  const exact = object[key];
  if (exact !== undefined && typeof exact !== 'function' && key !== '__proto__') return exact;
  if (key === '__proto__' && Object.hasOwn(object, key)) return object[key];
  const lower = key.toLowerCase();
  for (const k in object) {
    if (k.length === key.length && k.toLowerCase() === lower && Object.hasOwn(object, k)) return object[k];
  }
  return undefined;
}

/**
 * An ARM object's `properties` when it is an object, its name matched as ARM matches names: a template may
 * spell it `Properties`, which Azure deploys as written.
 */
export function propertiesOf(item: JsonObject): JsonObject | undefined {
  const properties = getProperty(item, 'properties');
  return isJsonObject(properties) ? properties : undefined;
}

/** The value at a path of property names, each matched as getProperty does; undefined where the path breaks off. */
export function valueAt(value: JsonValue | undefined, path: readonly string[]): JsonValue | undefined {
  let current = value;
  for (const key of path) {
    if (!isJsonObject(current)) return undefined;
    current = getProperty(current, key);
  }
  return current;
}
