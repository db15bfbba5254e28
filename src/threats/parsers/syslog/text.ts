import type { ThreatEvent } from '../../event.ts';
import { sourceAddress } from '../ip.ts';

/**
 * `source.ip` when `host` is an address (an IPv4-mapped one as IPv4: sourceAddress; `log.original` keeps
 * it as written), `source.domain` when it is a name. Digits and dots that are not an address (`192.0`, a
 * line cut short) are neither.
 */
export function setSource(ev: ThreatEvent, host: string): void {
  if (host === '' || host === '?' || host === '-') return;
  const ip = sourceAddress(host);
  if (ip !== undefined) ev['source.ip'] = ip;
  else if (hasLetter(host)) ev['source.domain'] = host;
}

function hasLetter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) return true;
  }
  return false;
}

/** The index where the token at `at` ends (the next space, or the end). */
export function tokenEnd(s: string, at: number): number {
  // Tokens are short (addresses, user names): a char loop beats a call to indexOf.
  let i = at;
  while (i < s.length && s.charCodeAt(i) !== 0x20) i++;
  return i;
}

/**
 * Where the last `needle` at or after `from` starts, or -1. Found by searching forwards: V8's
 * lastIndexOf is markedly slower than indexOf, and the needle usually occurs once.
 */
export function lastIndex(s: string, needle: string, from: number): number {
  let at = s.indexOf(needle, from);
  if (at === -1) return -1;
  for (let next = s.indexOf(needle, at + 1); next !== -1; next = s.indexOf(needle, next + 1)) at = next;
  return at;
}

/** The decimal number at `at` (up to 10 digits), or undefined. */
export function numberAt(s: string, at: number): number | undefined {
  let v = 0;
  let i = at;
  for (; i < s.length && i - at < 10; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + c - 0x30;
  }
  return i === at ? undefined : v;
}

/**
 * Reads `IP[ port N]` at `at` into `source.ip` (or `source.domain`) and `source.port`. A trailing `:`
 * on the address (`from 1.2.3.4: 11: Bye`) is dropped. Returns the index after what was read.
 */
export function readSourceAt(ev: ThreatEvent, s: string, at: number): number {
  let end = tokenEnd(s, at);
  setSource(ev, s.slice(at, s.charCodeAt(end - 1) === 0x3a ? end - 1 : end));
  if (hasAt(s, end, ' port ')) {
    const port = numberAt(s, end + 6);
    if (port !== undefined && port < 65536) ev['source.port'] = port;
    end += 6;
    while (end < s.length && s.charCodeAt(end) >= 0x30 && s.charCodeAt(end) <= 0x39) end++;
  }
  return end;
}

/**
 * The value of `needle` (`key=`) in a PAM-style `k=v k=v` list (values never hold spaces; empty values
 * are allowed), where the key starts the text or follows a space or `;`. Undefined when absent or empty.
 */
export function kvValue(s: string, needle: string): string | undefined {
  for (let at = s.indexOf(needle); at !== -1; at = s.indexOf(needle, at + 1)) {
    const before = at === 0 ? 0x20 : s.charCodeAt(at - 1);
    if (before === 0x20 || before === 0x3b) {
      const start = at + needle.length;
      const end = tokenEnd(s, start);
      return end > start ? s.slice(start, end) : undefined;
    }
  }
  return undefined;
}

/** The text between the first pair of single quotes at or after `at`, with the index after it. */
export function quoted(s: string, at: number): [string, number] | undefined {
  const open = s.indexOf("'", at);
  if (open === -1) return undefined;
  const close = s.indexOf("'", open + 1);
  if (close === -1) return undefined;
  return [s.slice(open + 1, close), close + 1];
}

/** `s` without a trailing ` [preauth]`, and whether it had one. */
export function withoutPreauth(s: string): [string, boolean] {
  return s.endsWith(' [preauth]') ? [s.slice(0, -10), true] : [s, false];
}

/**
 * `s.startsWith(literal, at)`, compared by char codes: the texts here are slices of a line, on which V8's
 * builtin takes a slower path than this loop over a short literal.
 */
export function hasAt(s: string, at: number, literal: string): boolean {
  const n = literal.length;
  if (at < 0 || s.length - at < n) return false;
  for (let i = 0; i < n; i++) if (s.charCodeAt(at + i) !== literal.charCodeAt(i)) return false;
  return true;
}
