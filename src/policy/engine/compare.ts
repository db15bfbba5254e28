import type { JsonValue } from '../../util/json.ts';

/**
 * Value comparison as Azure Policy conditions do it. Microsoft's docs: string comparisons use
 * InvariantCultureIgnoreCase (definition-structure-policy-rule.md, "Conditions"), so "Straße"
 * equals "STRASSE"; numbers and booleans written as strings compare as what they spell
 * ("80" equals 80, "True" equals true) — built-in definitions rely on this.
 */

/**
 * Case folding for equality: ASCII fast path, full Unicode folding (ß → ss, ligatures) otherwise.
 * Built-in definitions compare one field against hundreds of values (image SKU lists), so folded
 * strings are remembered; the cache is dropped when it grows, never trusted for more.
 */
export function fold(s: string): string {
  // One value is often folded many times in a row (a VM's image publisher, by every definition's index).
  if (s === lastIn) return lastOut;
  let cached = folded.get(s);
  if (cached === undefined) cached = foldAnew(s);
  lastIn = s;
  lastOut = cached;
  return cached;
}
let lastIn: string | undefined;
let lastOut = '';

function foldAnew(s: string): string {
  let result = s.toLowerCase();
  for (let i = 0; i < result.length; i++) {
    if (result.charCodeAt(i) > 0x7e) {
      result = s.toUpperCase().toLowerCase();
      break;
    }
  }
  if (folded.size >= FOLD_CACHE_LIMIT) folded.clear();
  folded.set(s, result);
  return result;
}
const folded = new Map<string, string>();
const FOLD_CACHE_LIMIT = 50_000;

export function isMissing(v: JsonValue | undefined): v is null | undefined {
  return v === undefined || v === null;
}

/** A number spelt as a string, the way ARM payloads often carry ports and sizes. */
export function asNumber(v: JsonValue | undefined): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && NUMERIC.test(v.trim())) return Number(v);
  return undefined;
}
const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function asBoolean(v: JsonValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const f = v.toLowerCase();
    if (f === 'true') return true;
    if (f === 'false') return false;
  }
  return undefined;
}

/**
 * Equality of two values. `expectedFolded` lets callers pass a pre-folded string so the
 * hot path folds only the actual value.
 */
export function valuesEqual(actual: JsonValue | undefined, expected: JsonValue | undefined): boolean {
  if (isMissing(actual) || isMissing(expected)) return isMissing(actual) && isMissing(expected);
  if (typeof actual === 'string' && typeof expected === 'string') {
    return actual === expected || fold(actual) === fold(expected);
  }
  if (typeof actual === 'number' || typeof expected === 'number') {
    const a = asNumber(actual);
    const b = asNumber(expected);
    return a !== undefined && b !== undefined && a === b;
  }
  if (typeof actual === 'boolean' || typeof expected === 'boolean') {
    const a = asBoolean(actual);
    const b = asBoolean(expected);
    return a !== undefined && a === b;
  }
  if (Array.isArray(actual) || Array.isArray(expected)) {
    if (!Array.isArray(actual) || !Array.isArray(expected) || actual.length !== expected.length) return false;
    return actual.every((item, i) => valuesEqual(item, expected[i]));
  }
  if (typeof actual === 'object' && typeof expected === 'object') {
    const aKeys = Object.keys(actual);
    if (aKeys.length !== Object.keys(expected).length) return false;
    return aKeys.every((k) => valuesEqual(actual[k], lookupFolded(expected, k)));
  }
  return false;
}

function lookupFolded(object: { [k: string]: JsonValue }, key: string): JsonValue | undefined {
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  for (const k of Object.keys(object)) if (k.toLowerCase() === lower) return object[k];
  return undefined;
}

const NON_ASCII = /[\u0080-\uffff]/;
const collator = new Intl.Collator('und', { sensitivity: 'accent', numeric: false });

// Strict ISO 8601 date or date-time; dates compare as instants, not as text.
const ISO_DATE =
  /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A date-time without a zone is read as UTC, as on Azure's servers: JavaScript would read it in the
 * local time zone, and a verdict would depend on the machine running Vigil.
 */
function instant(iso: string): number {
  return Date.parse(iso.length > 10 && !HAS_ZONE.test(iso) ? `${iso}Z` : iso);
}
const HAS_ZONE = /(?:[Zz]|[+-]\d{2}:?\d{2})$/;

export type Ordering = -1 | 0 | 1;

/**
 * Ordering for less/greater and friends: numbers (numeric strings included), dates, then strings
 * in culture-aware case-insensitive order ("hello" is not greater than "HELLO"). Returns
 * undefined when the two values cannot be ordered (the docs call that a type mismatch).
 */
export function compareValues(
  actual: JsonValue | undefined,
  expected: JsonValue | undefined,
): Ordering | undefined {
  if (isMissing(actual) || isMissing(expected)) return undefined;
  const a = asNumber(actual);
  const b = asNumber(expected);
  if (a !== undefined && b !== undefined) return a < b ? -1 : a > b ? 1 : 0;
  if (typeof actual === 'string' && typeof expected === 'string') {
    if (ISO_DATE.test(actual) && ISO_DATE.test(expected)) {
      const ta = instant(actual);
      const tb = instant(expected);
      if (!Number.isNaN(ta) && !Number.isNaN(tb)) return ta < tb ? -1 : ta > tb ? 1 : 0;
    }
    const c = collator.compare(actual, expected);
    if (c === 0) return 0;
    // ICU ranks "ß" after "ss" even ignoring case, while InvariantCultureIgnoreCase calls
    // "Straße" and "STRASSE" equal: ordering must agree with `equals` (Microsoft's regorus
    // tests, casing.yaml: "Straße" lessOrEquals "STRASSE"). Only non-ASCII text can differ so.
    if ((NON_ASCII.test(actual) || NON_ASCII.test(expected)) && fold(actual) === fold(expected)) return 0;
    return c < 0 ? -1 : 1;
  }
  return undefined;
}

/** Exact JSON equality (allowedValues checks are case-sensitive). */
export function valuesEqualStrict(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => valuesEqualStrict(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => valuesEqualStrict(a[k], b[k]));
  }
  return false;
}
