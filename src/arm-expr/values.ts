/**
 * Value helpers shared by the compiler and the functions. Values are plain JSON
 * (null, boolean, number, string, arrays, plain objects); `undefined` means absent.
 */

export type ArmObject = Record<string, unknown>;

export function isArmObject(value: unknown): value is ArmObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The type names ARM uses in its error messages. */
export function armTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'Null';
  switch (typeof value) {
    case 'string':
      return 'String';
    case 'boolean':
      return 'Boolean';
    case 'number':
      return Number.isInteger(value) ? 'Integer' : 'Float';
    default:
      return Array.isArray(value) ? 'Array' : 'Object';
  }
}

/**
 * Own-property lookup: exact name first, then case-insensitive, as ARM resolves
 * property names. `lowerName` is passed in so callers lower-case once, at compile time.
 * Inherited members (`constructor`, `__proto__`) are never returned.
 */
export function findProperty(object: ArmObject, name: string, lowerName: string): unknown {
  if (Object.hasOwn(object, name)) return object[name];
  for (const key in object) {
    if (Object.hasOwn(object, key) && key.toLowerCase() === lowerName) return object[key];
  }
  return undefined;
}

/** Assigns an own property even for the key `__proto__`, which plain assignment would treat as the prototype. */
export function setOwn(object: ArmObject, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** Structural equality; strings compare case-sensitively, as ARM's `equals` does. */
export function deepEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined) return b === null;
  if (b === undefined) return a === null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEquals(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ao = a as ArmObject;
  const bo = b as ArmObject;
  let count = 0;
  for (const key in ao) {
    if (!Object.hasOwn(ao, key)) continue;
    count++;
    if (!Object.hasOwn(bo, key) || !deepEquals(ao[key], bo[key])) return false;
  }
  for (const key in bo) if (Object.hasOwn(bo, key)) count--;
  return count === 0;
}

/** .NET prints booleans as `True`/`False`; ARM's string conversions inherit that. */
export function booleanText(value: boolean): string {
  return value ? 'True' : 'False';
}

/**
 * ARM's `string()` conversion: strings unchanged, arrays and objects as compact JSON
 * (template-functions-string.md#string shows `{"valueA":10,"valueB":"Example Text"}`).
 */
export function toArmString(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'number':
      return String(value);
    case 'boolean':
      return booleanText(value);
    default:
      return value === null || value === undefined ? '' : JSON.stringify(value);
  }
}

/**
 * Culture-aware ordering for `less`/`greater`: the comparison docs show
 * `greater('A', 'a')` is true, which ordinal comparison would make false
 * (MicrosoftDocs/azure-docs templates/template-functions-comparison.md).
 */
const collator = new Intl.Collator('en-US', { sensitivity: 'variant', caseFirst: 'lower' });

/** Letters and digits only: the set where collation reduces to the simple rule below. */
function isAsciiAlphanumeric(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a))) return false;
  }
  return true;
}

function lowerAscii(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  if (!isAsciiAlphanumeric(a) || !isAsciiAlphanumeric(b)) return collator.compare(a, b);
  // For ASCII letters and digits the collation is: digits before letters, letters
  // alphabetically ignoring case, and only if that ties, lower case before upper case
  // at the first difference. Skipping Intl here matters in hot policy conditions.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = lowerAscii(a.charCodeAt(i)) - lowerAscii(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return cb - ca; // upper case has the lower code, and sorts after
  }
  return 0;
}

/** Freezes a folded constant so callers cannot mutate a value shared by every evaluation. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key in value) deepFreeze((value as ArmObject)[key]);
  }
  return value;
}
