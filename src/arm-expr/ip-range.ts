import { isIPv4, isIPv6 } from 'node:net';
import { ipv6Text } from '../util/ipv6-text.ts';

/**
 * IP ranges as Azure Policy's `ipRangeContains()` accepts them
 * (governance/policy/concepts/definition-structure-policy-rule.md#policy-functions):
 * a single address, CIDR, or `start-end`, IPv4 or IPv6. Empty ranges and mixed
 * families are errors, not `false`.
 */

export interface IpRange {
  family: 4 | 6;
  start: bigint;
  end: bigint;
}

export class IpRangeError extends Error {}

export function parseIpRange(text: string): IpRange {
  const value = text.trim();
  if (value === '') throw new IpRangeError('An IP range must not be empty.');
  const slash = value.indexOf('/');
  if (slash >= 0) return parseCidr(value, slash);
  const dash = value.indexOf('-');
  if (dash >= 0) {
    const first = parseAddress(value.slice(0, dash).trim(), value);
    const last = parseAddress(value.slice(dash + 1).trim(), value);
    if (first.family !== last.family) throw new IpRangeError(`'${value}' mixes IPv4 and IPv6 addresses.`);
    if (first.value > last.value)
      throw new IpRangeError(`'${value}' is an empty range: its start is after its end.`);
    return { family: first.family, start: first.value, end: last.value };
  }
  const single = parseAddress(value, value);
  return { family: single.family, start: single.value, end: single.value };
}

/** Whether `range` contains all of `target`. Throws IpRangeError on invalid input or mixed families. */
export function ipRangeContains(range: string, target: string): boolean {
  const outer = parseIpRange(range);
  const inner = parseIpRange(target);
  if (outer.family !== inner.family) {
    throw new IpRangeError(
      `Cannot compare the IPv${outer.family} range '${range}' with the IPv${inner.family} range '${target}'.`,
    );
  }
  return outer.start <= inner.start && inner.end <= outer.end;
}

function parseCidr(value: string, slash: number): IpRange {
  const { family, start, prefix } = parseCidrBlock(value, slash);
  const hostBits = BigInt(addressBits(family) - prefix);
  return { family, start, end: start + (1n << hostBits) - 1n };
}

/** A CIDR block: its network address (host bits cleared) and prefix length. */
export interface CidrBlock {
  family: 4 | 6;
  start: bigint;
  prefix: number;
}

export function addressBits(family: 4 | 6): number {
  return family === 4 ? 32 : 128;
}

/** Parses `address/prefix`; the address may have host bits set, they are cleared. */
export function parseCidrBlock(text: string, slash = text.indexOf('/')): CidrBlock {
  const value = text.trim();
  if (slash < 0) throw new IpRangeError(`'${value}' is not in CIDR notation (address/prefix).`);
  const address = parseAddress(text.slice(0, slash).trim(), value);
  const prefixText = text.slice(slash + 1).trim();
  const bits = addressBits(address.family);
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) {
    throw new IpRangeError(`'${value}' has an invalid prefix length; it must be 0 to ${bits}.`);
  }
  const hostBits = BigInt(bits - Number(prefixText));
  return {
    family: address.family,
    start: (address.value >> hostBits) << hostBits,
    prefix: Number(prefixText),
  };
}

/** An address as .NET's IPAddress.ToString writes it: dotted IPv4, RFC 5952 compressed lower-case IPv6. */
export function formatAddress(family: 4 | 6, value: bigint): string {
  if (family === 4) {
    const octets: number[] = [];
    for (let shift = 24n; shift >= 0n; shift -= 8n) octets.push(Number((value >> shift) & 0xffn));
    return octets.join('.');
  }
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  return ipv6Text(groups);
}

function parseAddress(text: string, whole: string): { family: 4 | 6; value: bigint } {
  if (isIPv4(text)) return { family: 4, value: ipv4Value(text) };
  if (isIPv6(text)) return { family: 6, value: ipv6Value(text) };
  throw new IpRangeError(`'${text}' in '${whole}' is not an IPv4 or IPv6 address.`);
}

function ipv4Value(text: string): bigint {
  let value = 0n;
  for (const octet of text.split('.')) value = (value << 8n) | BigInt(Number(octet));
  return value;
}

function ipv6Value(text: string): bigint {
  const zone = text.indexOf('%');
  let body = zone >= 0 ? text.slice(0, zone) : text;
  let tailGroups: number[] = [];
  const lastColon = body.lastIndexOf(':');
  if (body.slice(lastColon + 1).includes('.')) {
    // An embedded IPv4 tail (::ffff:10.0.0.1) supplies the last two 16-bit groups.
    const v4 = Number(ipv4Value(body.slice(lastColon + 1)));
    tailGroups = [v4 >>> 16, v4 & 0xffff];
    body = body.slice(0, lastColon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const parseGroups = (s: string) => (s === '' ? [] : s.split(':').map((g) => Number.parseInt(g, 16)));
  const doubleColon = body.indexOf('::');
  let groups: number[];
  if (doubleColon >= 0) {
    const head = parseGroups(body.slice(0, doubleColon));
    const rest = parseGroups(body.slice(doubleColon + 2));
    const missing = 8 - head.length - rest.length - tailGroups.length;
    groups = [...head, ...new Array<number>(missing).fill(0), ...rest, ...tailGroups];
  } else {
    groups = [...parseGroups(body), ...tailGroups];
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}
