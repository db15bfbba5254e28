import { isJsonObject, type JsonObject, type JsonValue } from '../util/json.ts';

/**
 * One resource from two rows of the same export: Resource Graph's tables overlap (a Recovery Services vault
 * is a row of `resources`, full, and of `recoveryservicesresources`, with little more than its provisioning
 * state), and a query over both lists it twice. Fields either row lacks (absent or null, as Resource Graph
 * writes a column a row has no value for) come from the other, one level into `properties`; undefined when
 * the rows disagree on a field both give, which is then a real duplicate.
 */
export function mergeRows(first: JsonObject, second: JsonObject): JsonObject | undefined {
  return mergeLevel(first, second, true);
}

function mergeLevel(first: JsonObject, second: JsonObject, top: boolean): JsonObject | undefined {
  const out: JsonObject = { ...first };
  for (const [key, value] of Object.entries(second)) {
    const kept = out[key];
    if (value === null || value === undefined) continue;
    if (kept === undefined || kept === null) out[key] = value;
    else if (top && key === 'properties' && isJsonObject(kept) && isJsonObject(value)) {
      const properties = mergeLevel(kept, value, false);
      if (properties === undefined) return undefined;
      out[key] = properties;
    } else if (!sameJson(kept, value)) return undefined;
  }
  return out;
}

function sameJson(a: JsonValue, b: JsonValue): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
