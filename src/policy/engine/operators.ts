import { isJsonObject, type JsonValue } from '../../util/json.ts';
import { asBoolean, compareValues, fold, isMissing, valuesEqual } from './compare.ts';
import { EvaluationError } from './errors.ts';

/**
 * The condition operators of the policy language, with Azure's rules
 * (definition-structure-policy-rule.md, "Conditions"): every string comparison is
 * case-insensitive except match/notMatch; like takes `*` wildcards; match takes `#` (digit),
 * `?` (letter), `.` (any character); a missing value fails the positive operators and satisfies
 * their negations.
 */
export const OPERATORS = [
  'equals',
  'notEquals',
  'like',
  'notLike',
  'match',
  'matchInsensitively',
  'notMatch',
  'notMatchInsensitively',
  'contains',
  'notContains',
  'in',
  'notIn',
  'containsKey',
  'notContainsKey',
  'less',
  'lessOrEquals',
  'greater',
  'greaterOrEquals',
  'exists',
] as const;

export type OperatorName = (typeof OPERATORS)[number];

const BY_LOWER = new Map<string, OperatorName>(OPERATORS.map((op) => [op.toLowerCase(), op]));

export function operatorNamed(key: string): OperatorName | undefined {
  return BY_LOWER.get(key.toLowerCase());
}

/** The operator whose result is the logical opposite, for "what must be true to comply" reasons. */
export const NEGATION: Record<OperatorName, OperatorName | 'notExists'> = {
  equals: 'notEquals',
  notEquals: 'equals',
  like: 'notLike',
  notLike: 'like',
  match: 'notMatch',
  notMatch: 'match',
  matchInsensitively: 'notMatchInsensitively',
  notMatchInsensitively: 'matchInsensitively',
  contains: 'notContains',
  notContains: 'contains',
  in: 'notIn',
  notIn: 'in',
  containsKey: 'notContainsKey',
  notContainsKey: 'containsKey',
  less: 'greaterOrEquals',
  greaterOrEquals: 'less',
  greater: 'lessOrEquals',
  lessOrEquals: 'greater',
  exists: 'notExists',
};

export type Tester = (actual: JsonValue | undefined) => boolean;

/** Builds the test for one operator against one expected value (done once when the value is constant). */
export function makeTester(op: OperatorName, expected: JsonValue | undefined): Tester {
  switch (op) {
    case 'equals':
      return equalsTester(expected);
    case 'notEquals': {
      const t = equalsTester(expected);
      return (a) => !t(a);
    }
    case 'like':
      return likeTester(expectString(op, expected));
    case 'notLike': {
      const t = likeTester(expectString(op, expected));
      return (a) => !t(a);
    }
    case 'match':
      return matchTester(expectString(op, expected), false);
    case 'matchInsensitively':
      return matchTester(expectString(op, expected), true);
    case 'notMatch': {
      const t = matchTester(expectString(op, expected), false);
      return (a) => !t(a);
    }
    case 'notMatchInsensitively': {
      const t = matchTester(expectString(op, expected), true);
      return (a) => !t(a);
    }
    case 'contains':
      return containsTester(expected);
    case 'notContains': {
      const t = containsTester(expected);
      return (a) => !t(a);
    }
    case 'in':
      return inTester(op, expected);
    case 'notIn': {
      const t = inTester(op, expected);
      return (a) => !t(a);
    }
    case 'containsKey':
      return containsKeyTester(expectString(op, expected));
    case 'notContainsKey': {
      const t = containsKeyTester(expectString(op, expected));
      return (a) => !t(a);
    }
    case 'less':
      return orderTester(op, expected, (c) => c < 0);
    case 'lessOrEquals':
      return orderTester(op, expected, (c) => c <= 0);
    case 'greater':
      return orderTester(op, expected, (c) => c > 0);
    case 'greaterOrEquals':
      return orderTester(op, expected, (c) => c >= 0);
    case 'exists': {
      const want = asBoolean(expected);
      if (want === undefined) {
        throw new EvaluationError(`'exists' takes true or false, found ${JSON.stringify(expected)}`);
      }
      return want ? (a) => !isMissing(a) : (a) => isMissing(a);
    }
  }
}

function expectString(op: OperatorName, expected: JsonValue | undefined): string {
  if (typeof expected === 'string') return expected;
  if (typeof expected === 'number' || typeof expected === 'boolean') return String(expected);
  throw new EvaluationError(`'${op}' takes a string, found ${describeValue(expected)}`);
}

function equalsTester(expected: JsonValue | undefined): Tester {
  if (typeof expected === 'string') {
    const folded = fold(expected);
    const ascii = isAscii(expected);
    return (a) => {
      if (typeof a !== 'string') return valuesEqual(a, expected);
      if (a === expected) return true;
      // Two ASCII strings of different lengths never fold equal; only non-ASCII folding (ß → ss) changes length.
      if (ascii && a.length !== expected.length && isAscii(a)) return false;
      return fold(a) === folded;
    };
  }
  return (a) => valuesEqual(a, expected);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Text of a scalar for the string operators; objects and arrays have none. */
function scalarText(a: JsonValue | undefined): string | undefined {
  if (typeof a === 'string') return a;
  if (typeof a === 'number' || typeof a === 'boolean') return String(a);
  return undefined;
}

/**
 * `*` matches any run of characters; everything else matches itself, case-insensitively, over the
 * whole value. Matching the fixed pieces left to right with indexOf is exact for `*`-only
 * patterns and linear, so a hostile value cannot make it slow.
 */
function likeTester(pattern: string): Tester {
  const pieces = fold(pattern).split('*');
  if (pieces.length === 1) {
    const only = pieces[0]!;
    return (a) => {
      const text = scalarText(a);
      return text !== undefined && fold(text) === only;
    };
  }
  const first = pieces[0]!;
  const last = pieces[pieces.length - 1]!;
  const middle = pieces.slice(1, -1);
  const minLength = pieces.reduce((n, p) => n + p.length, 0);
  return (a) => {
    const raw = scalarText(a);
    if (raw === undefined) return false;
    const text = fold(raw);
    if (text.length < minLength || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    const end = text.length - last.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/**
 * `#` a digit, `?` a letter, `.` any character, anything else itself; the lengths must agree.
 * The pattern is matched character by character, so the insensitive forms compare each character
 * in either case rather than folding whole strings: folding turns `ß` into `ss`, and `Straße`
 * would no longer have the six characters `Stra?e` asks for.
 */
function matchTester(pattern: string, insensitive: boolean): Tester {
  const same = insensitive ? sameIgnoringCase : (x: string, y: string) => x === y;
  return (a) => {
    const text = scalarText(a);
    if (text === undefined || text.length !== pattern.length) return false;
    for (let i = 0; i < pattern.length; i++) {
      const pc = pattern[i]!;
      const c = text[i]!;
      if (pc === '#') {
        if (c < '0' || c > '9') return false;
      } else if (pc === '?') {
        if (!LETTER.test(c)) return false;
      } else if (pc !== '.' && !same(pc, c)) return false;
    }
    return true;
  };
}
const LETTER = /^\p{L}$/u;

function sameIgnoringCase(x: string, y: string): boolean {
  return x === y || x.toLowerCase() === y.toLowerCase() || x.toUpperCase() === y.toUpperCase();
}

/** A string contains a substring; an array contains a member; an object contains a key. */
function containsTester(expected: JsonValue | undefined): Tester {
  const needle = typeof expected === 'string' ? fold(expected) : undefined;
  return (a) => {
    if (isMissing(a)) return false;
    if (Array.isArray(a)) return a.some((item) => valuesEqual(item, expected));
    if (isJsonObject(a)) return needle !== undefined && hasKey(a, needle);
    const text = scalarText(a);
    const wanted = needle ?? scalarText(expected);
    return text !== undefined && wanted !== undefined && fold(text).includes(needle ?? fold(wanted));
  };
}

function inTester(op: OperatorName, expected: JsonValue | undefined): Tester {
  if (!Array.isArray(expected)) {
    throw new EvaluationError(`'${op}' takes an array, found ${describeValue(expected)}`);
  }
  const strings = new Set<string>();
  const others: JsonValue[] = [];
  for (const item of expected) {
    if (typeof item === 'string') strings.add(fold(item));
    else others.push(item);
  }
  return (a) => {
    if (isMissing(a)) return false;
    // A string equals a string member only by folding, so past the set only the other members can match it.
    if (typeof a === 'string') return strings.has(fold(a)) || others.some((item) => valuesEqual(a, item));
    return expected.some((item) => valuesEqual(a, item));
  };
}

function containsKeyTester(key: string): Tester {
  const lower = fold(key);
  return (a) => isJsonObject(a) && hasKey(a, lower);
}

function hasKey(object: { [k: string]: JsonValue }, foldedKey: string): boolean {
  for (const k of Object.keys(object)) if (fold(k) === foldedKey) return true;
  return false;
}

function orderTester(
  op: OperatorName,
  expected: JsonValue | undefined,
  accept: (c: number) => boolean,
): Tester {
  return (a) => {
    if (isMissing(a)) return false;
    const c = compareValues(a, expected);
    if (c === undefined) {
      // Docs: "if the property type doesn't match the condition type, an error is thrown".
      throw new EvaluationError(`'${op}' cannot compare ${describeValue(a)} with ${describeValue(expected)}`);
    }
    return accept(c);
  };
}

export function describeValue(v: JsonValue | undefined): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${JSON.stringify(v)}`;
}
