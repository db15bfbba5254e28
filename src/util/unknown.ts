import type { JsonObject, JsonValue } from './json.ts';

/**
 * A value known only at deployment — `reference()`, `list*()`, `newGuid()`, a runtime `utcNow()` in
 * a template. It stays in the expanded resource as `{"$vigilUnknown": "<expression>"}` (so it
 * survives a snapshot written by `vigil template expand`), and a check that reads it reports
 * `unknown` with the expression: never a pass or a fail by accident.
 */
export const UNKNOWN_KEY = '$vigilUnknown';

export function unknownValue(expression: string): JsonObject {
  return { [UNKNOWN_KEY]: expression };
}

export function isUnknown(value: JsonValue | undefined): value is { [UNKNOWN_KEY]: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof value[UNKNOWN_KEY] === 'string'
  );
}

/** The first unknown inside a value (arrays and objects searched), or undefined. */
export function findUnknown(value: JsonValue | undefined): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findUnknown(item);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isUnknown(value)) return value[UNKNOWN_KEY];
  for (const key in value) {
    const found = findUnknown(value[key]);
    if (found !== undefined) return found;
  }
  return undefined;
}
