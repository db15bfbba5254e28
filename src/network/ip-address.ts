import { ipv6Text } from '../util/ipv6-text.ts';
/**
 * IPv4 and IPv6 addresses in one numeric space, so that one range set can hold both families:
 * IPv4 addresses are 0 … 2^32-1, IPv6 addresses are shifted up by 2^32 (IPV6_BASE + the 128-bit
 * value). `0.0.0.0/0` and `::/0` are then two disjoint ranges and `*` is their union.
 */

export type Family = 4 | 6;

export const IPV6_BASE = 1n << 32n;
export const IPV4_LAST = IPV6_BASE - 1n;
export const IPV6_LAST = IPV6_BASE + (1n << 128n) - 1n;

/** An address as the engine uses it: its family, its value in the shared space, and the IPv4 value as a number for fast compares. */
export interface Address {
  family: Family;
  value: bigint;
  /** The IPv4 address as an unsigned 32-bit number; -1 for IPv6. */
  v4: number;
}

export function ipv4Address(value: number): Address {
  return { family: 4, value: BigInt(value), v4: value };
}

export function ipv6Address(value: bigint): Address {
  return { family: 6, value: IPV6_BASE + value, v4: -1 };
}

export function addressFromValue(value: bigint): Address {
  return value < IPV6_BASE ? ipv4Address(Number(value)) : { family: 6, value, v4: -1 };
}

export function parseAddress(text: string): Address | undefined {
  const v4 = parseIPv4(text);
  if (v4 !== undefined) return ipv4Address(v4);
  const v6 = parseIPv6(text);
  return v6 === undefined ? undefined : ipv6Address(v6);
}

/** Dotted quad, each part 0-255 in decimal. */
export function parseIPv4(text: string): number | undefined {
  // Character by character, not split: every NIC's private IP address is read this way.
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let k = 0; k < text.length; k++) {
    const code = text.charCodeAt(k);
    if (code === DOT) {
      if (digits === 0 || octet > 255 || ++dots > 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
    } else if (code >= ZERO && code <= NINE && digits < 3) {
      octet = octet * 10 + (code - ZERO);
      digits++;
    } else return undefined;
  }
  if (dots !== 3 || digits === 0 || octet > 255) return undefined;
  return value * 256 + octet;
}

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** RFC 4291 text forms: eight hex groups, one `::` for a run of zero groups, an optional dotted-quad tail. */
export function parseIPv6(text: string): bigint | undefined {
  if (text.length < 2 || text.length > 45) return undefined;
  let body = text;
  const quadWords: number[] = [];
  const lastColon = text.lastIndexOf(':');
  if (lastColon !== -1 && text.indexOf('.', lastColon) !== -1) {
    const v4 = parseIPv4(text.slice(lastColon + 1));
    if (v4 === undefined) return undefined;
    quadWords.push(Math.floor(v4 / 65536), v4 % 65536);
    body = text.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const gap = body.indexOf('::');
  if (gap !== -1 && body.indexOf('::', gap + 1) !== -1) return undefined;
  const head = wordsOf(gap === -1 ? body : body.slice(0, gap));
  const tail = gap === -1 ? [] : wordsOf(body.slice(gap + 2));
  if (head === undefined || tail === undefined) return undefined;
  tail.push(...quadWords);
  const total = head.length + tail.length;
  if (gap === -1 ? total !== 8 : total > 7) return undefined;
  let value = 0n;
  for (const word of [...head, ...new Array<number>(8 - total).fill(0), ...tail])
    value = (value << 16n) | BigInt(word);
  return value;
}

function wordsOf(text: string): number[] | undefined {
  if (text === '') return [];
  const words: number[] = [];
  for (const group of text.split(':')) {
    const word = hexWord(group);
    if (word === undefined) return undefined;
    words.push(word);
  }
  return words;
}

function hexWord(group: string): number | undefined {
  if (group.length === 0 || group.length > 4) return undefined;
  for (const ch of group) if (!isHex(ch)) return undefined;
  return Number.parseInt(group, 16);
}

function isHex(ch: string): boolean {
  return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f') || (ch >= 'A' && ch <= 'F');
}

export function allDigits(text: string): boolean {
  for (const ch of text) if (ch < '0' || ch > '9') return false;
  return text.length > 0;
}

/** The conventional text form: dotted quad, or RFC 5952 (lower case, the longest zero run as `::`). */
export function formatAddress(value: bigint): string {
  if (value < IPV6_BASE) {
    const n = Number(value);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  const v6 = value - IPV6_BASE;
  const words: number[] = [];
  for (let i = 7; i >= 0; i--) words.push(Number((v6 >> BigInt(i * 16)) & 0xffffn));
  return ipv6Text(words);
}
