import { parseCidr, parseIp } from '../sigma/cidr.ts';

/**
 * An address or network as a closed range of 128-bit values; IPv4 in its IPv4-mapped IPv6 form
 * (`::ffff:a.b.c.d`), so that an IPv4-mapped address in a log matches an IPv4 feed entry.
 */
export interface AddressRange {
  start: bigint;
  end: bigint;
  /** Prefix length in the 128-bit space (128 for one address): the longer, the more specific. */
  prefix: number;
}

const ALL_ONES = (1n << 128n) - 1n;

/**
 * `203.0.113.7`, `203.0.113.0/24`, `2001:db8::/32`, `203.0.113.7-203.0.113.20` (a first-last range, as
 * blocklists in the P2P and firewall-alias styles write them), or a reason it is none of those. Host bits
 * below the prefix are ignored (`203.0.113.7/24` is the /24), as routers read such entries. No regex:
 * parsing is by hand.
 */
export function parseAddressRange(text: string): AddressRange | string {
  const dash = text.indexOf('-');
  if (dash !== -1) {
    const first = text.slice(0, dash).trim();
    const last = text.slice(dash + 1).trim();
    const start = parseIp(first);
    const end = parseIp(last);
    if (start !== null && end !== null) {
      if (first.includes(':') !== last.includes(':')) return `'${text}' mixes IPv4 and IPv6`;
      if (start > end) return `'${text}' ends before it starts`;
      // How specific a range is, for "most specific entry first": the prefix of the smallest network as wide.
      return { start, end, prefix: 128 - bitLength(end - start) };
    }
  }
  let cidr: ReturnType<typeof parseCidr>;
  try {
    cidr = parseCidr(text);
  } catch (error) {
    return (error as Error).message;
  }
  const hostBits = ~cidr.mask & ALL_ONES;
  return { start: cidr.base, end: cidr.base | hostBits, prefix: 128 - bitLength(hostBits) };
}

function bitLength(value: bigint): number {
  let bits = 0;
  for (let v = value; v > 0n; v >>= 1n) bits++;
  return bits;
}
