import { ONE, type SigmaString, STAR } from './sigma-string.ts';

/**
 * Matching of Sigma wildcard values without backtracking. The value is cut at each `*` into segments (which
 * may hold `?`); the first segment is pinned to the start and the last to the end unless a `*` frees them, and
 * every middle segment is taken at its leftmost occurrence — a leftmost choice never loses a match that a later
 * one would find, because a `*` can absorb whatever lies between. Each segment is searched once, left to right,
 * so a test costs O(input length × pattern length) at worst: linear in the log line for a given rule.
 *
 * The common shapes (equals, startswith, endswith, contains) become one string operation each.
 */
export type StringTest = (s: string) => boolean;

export function compileGlob(value: SigmaString, caseless: boolean): StringTest {
  const norm = (t: string) => (caseless ? t.toLowerCase() : t);
  const segments: Segment[] = [];
  let current: (string | typeof ONE)[] = [];
  const parts = value.parts;
  for (const p of parts) {
    if (p === STAR) {
      segments.push(segment(current, norm));
      current = [];
    } else current.push(p === ONE ? ONE : p);
  }
  segments.push(segment(current, norm));
  const anchoredStart = parts[0] !== STAR;
  const anchoredEnd = parts[parts.length - 1] !== STAR;

  if (segments.length === 1) {
    const only = segments[0]!;
    if (only.wild === 0) {
      const text = only.text;
      return (s) => s === text;
    }
    return (s) => s.length === only.text.length && only.matchAt(s, 0);
  }
  const simple = segments.every((seg) => seg.wild === 0);
  if (simple && segments.length === 2) {
    const [a, b] = [segments[0]!.text, segments[1]!.text];
    if (b === '') return (s) => s.startsWith(a);
    if (a === '') return (s) => s.endsWith(b);
    return (s) => s.length >= a.length + b.length && s.startsWith(a) && s.endsWith(b);
  }
  if (simple && segments.length === 3 && segments[0]!.text === '' && segments[2]!.text === '') {
    const needle = segments[1]!.text;
    return (s) => s.includes(needle);
  }
  const first = segments[0]!;
  const last = segments[segments.length - 1]!;
  const middle = segments.slice(1, -1);
  return (s) => {
    let from = 0;
    let to = s.length;
    if (anchoredStart) {
      if (first.text.length > to || !first.matchAt(s, 0)) return false;
      from = first.text.length;
    }
    if (anchoredEnd) {
      const at = to - last.text.length;
      if (at < from || !last.matchAt(s, at)) return false;
      to = at;
    }
    for (const seg of middle) {
      const at = seg.find(s, from, to);
      if (at < 0) return false;
      from = at + seg.text.length;
    }
    return true;
  };
}

interface Segment {
  /** The segment with `?` positions holding a placeholder character. */
  text: string;
  /** How many `?` it holds. */
  wild: number;
  matchAt(s: string, at: number): boolean;
  /** Leftmost start in s[from, to) where the whole segment fits, or -1. */
  find(s: string, from: number, to: number): number;
}

function segment(items: (string | typeof ONE)[], norm: (t: string) => string): Segment {
  const pieces = items.map((p) => (p === ONE ? '\0' : norm(p)));
  const text = pieces.join('');
  const mask: boolean[] = [];
  for (const p of items) {
    if (p === ONE) mask.push(true);
    else for (let i = 0; i < norm(p).length; i++) mask.push(false);
  }
  const wild = items.filter((p) => p === ONE).length;
  if (wild === 0) {
    return {
      text,
      wild,
      matchAt: (s, at) => s.startsWith(text, at),
      find: (s, from, to) => {
        const at = s.indexOf(text, from);
        return at >= 0 && at + text.length <= to ? at : -1;
      },
    };
  }
  const matchAt = (s: string, at: number): boolean => {
    if (at + text.length > s.length) return false;
    for (let i = 0; i < text.length; i++) {
      if (!mask[i] && s.charCodeAt(at + i) !== text.charCodeAt(i)) return false;
    }
    return true;
  };
  return {
    text,
    wild,
    matchAt,
    find: (s, from, to) => {
      for (let at = from; at + text.length <= to; at++) if (matchAt(s, at)) return at;
      return -1;
    },
  };
}
