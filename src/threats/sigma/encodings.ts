import { fromParts, mapLiterals, plainText, type SigmaString, toSource } from './sigma-string.ts';

/**
 * The transforming modifiers of sigma-appendix-modifiers.md: they turn one value into one or more values
 * before matching. Encodings need the exact bytes, so a value with wildcards cannot be base64-encoded.
 */

export class ModifierError extends Error {}

function bytesOf(s: SigmaString, modifier: string): Buffer {
  const text = plainText(s);
  if (text === null)
    throw new ModifierError(`'${modifier}' cannot encode a value with wildcards: '${toSource(s)}'`);
  return Buffer.from(text, s.binary ? 'latin1' : 'utf8');
}

export function base64(s: SigmaString): SigmaString {
  return fromParts([bytesOf(s, 'base64').toString('base64')]);
}

/**
 * The three forms a value takes inside a longer base64 text, one per byte offset (0, 1, 2) it can start at:
 * encode with that many filler bytes in front, then drop the leading characters that depend on the filler
 * and the trailing ones that depend on what follows the value.
 */
export function base64offset(s: SigmaString): SigmaString[] {
  const bytes = bytesOf(s, 'base64offset');
  const cutStart = [0, 2, 3];
  const cutEnd = [0, 3, 2];
  const out: SigmaString[] = [];
  for (let offset = 0; offset < 3; offset++) {
    const encoded = Buffer.concat([Buffer.alloc(offset, 0x20), bytes]).toString('base64');
    const end = cutEnd[(bytes.length + offset) % 3]!;
    out.push(fromParts([encoded.slice(cutStart[offset]!, encoded.length - end)]));
  }
  return out;
}

/** UTF-16 code units as byte pairs, each byte one code unit of a "binary" string. */
export function utf16(s: SigmaString, order: 'le' | 'be', bom: boolean): SigmaString {
  const encode = (text: string) => {
    let out = '';
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const lo = String.fromCharCode(c & 0xff);
      const hi = String.fromCharCode(c >> 8);
      out += order === 'le' ? lo + hi : hi + lo;
    }
    return out;
  };
  if (s.binary) throw new ModifierError('a utf16 modifier applied twice');
  const encoded = mapLiterals(s, encode, true);
  if (!bom) return encoded;
  return fromParts([order === 'le' ? '\xff\xfe' : '\xfe\xff', ...encoded.parts], true);
}

/** The dash-like characters Windows accepts for command-line flags. */
const DASHES = ['-', '/', '\u2013', '\u2014', '\u2015'];
const MAX_WINDASH_VALUES = 3125;

/**
 * Every combination of the five dash characters at each position where a flag can start: a dash that does
 * not follow a word character and is followed by one (so `-param-name` varies its first dash only).
 */
export function windash(s: SigmaString): SigmaString[] {
  let results: SigmaString['parts'][] = [[]];
  let prevWord = false;
  for (const part of s.parts) {
    if (typeof part !== 'string') {
      results = results.map((r) => [...r, part]);
      prevWord = false;
      continue;
    }
    let chunk = '';
    for (let i = 0; i < part.length; i++) {
      const c = part[i]!;
      const next = part[i + 1];
      const isFlag = DASHES.includes(c) && !prevWord && next !== undefined && /\w/.test(next);
      if (isFlag) {
        const head = chunk;
        results = results.flatMap((r) => DASHES.map((d) => [...r, head + d]));
        chunk = '';
        if (results.length > MAX_WINDASH_VALUES) {
          throw new ModifierError(`'windash' would make more than ${MAX_WINDASH_VALUES} values`);
        }
      } else chunk += c;
      prevWord = /\w/.test(c);
    }
    const tail = chunk;
    results = results.map((r) => [...r, tail]);
  }
  return results.map((parts) => fromParts(parts, s.binary));
}
