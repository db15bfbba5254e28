/**
 * Sets of UTF-16 code units as sorted, merged, inclusive ranges `[lo0, hi0, lo1, hi1, …]`.
 * The regex engine works on code units, as JavaScript's non-unicode regexes do.
 */
export type CharSet = readonly number[];

export const MAX_CODE_UNIT = 0xffff;

export function range(lo: number, hi: number): CharSet {
  return [lo, hi];
}

export function single(c: number): CharSet {
  return [c, c];
}

export function union(...sets: CharSet[]): CharSet {
  const pairs: [number, number][] = [];
  for (const s of sets) for (let i = 0; i < s.length; i += 2) pairs.push([s[i]!, s[i + 1]!]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= out[last]! + 1) out[last] = Math.max(out[last]!, hi);
    else out.push(lo, hi);
  }
  return out;
}

export function complement(set: CharSet): CharSet {
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < set.length; i += 2) {
    if (set[i]! > next) out.push(next, set[i]! - 1);
    next = set[i + 1]! + 1;
  }
  if (next <= MAX_CODE_UNIT) out.push(next, MAX_CODE_UNIT);
  return out;
}

export function contains(set: CharSet, c: number): boolean {
  for (let i = 0; i < set.length; i += 2) {
    if (c < set[i]!) return false;
    if (c <= set[i + 1]!) return true;
  }
  return false;
}

/** Adds the other-case form of every letter in the set (the `i` flag), one code unit to one code unit only. */
export function caseFold(set: CharSet): CharSet {
  const extra: number[] = [];
  for (let i = 0; i < set.length; i += 2) {
    for (let c = set[i]!; c <= set[i + 1]!; c++) {
      const ch = String.fromCharCode(c);
      for (const v of [ch.toLowerCase(), ch.toUpperCase()]) {
        if (v.length === 1 && v !== ch) extra.push(v.charCodeAt(0), v.charCodeAt(0));
      }
    }
  }
  return extra.length === 0 ? set : union(set, extra);
}

export const DIGIT: CharSet = range(0x30, 0x39);
export const WORD: CharSet = union(DIGIT, range(0x41, 0x5a), single(0x5f), range(0x61, 0x7a));
/** PCRE's \s: space, \t \n \v \f \r. */
export const SPACE: CharSet = union(single(0x20), range(0x09, 0x0d));
export const NEWLINE = 0x0a;
export const ANY_BUT_NEWLINE: CharSet = complement(single(NEWLINE));
export const ANY: CharSet = range(0, MAX_CODE_UNIT);

export function isWordUnit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || (c >= 0x61 && c <= 0x7a);
}
