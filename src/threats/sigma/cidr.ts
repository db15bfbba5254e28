/**
 * IPv4 and IPv6 addresses as 128-bit bigints (IPv4 in its IPv4-mapped IPv6 form, so `::ffff:10.1.2.3` and
 * `10.1.2.3` are one address), and CIDR ranges over them. Parsing is by hand: no regex touches the log value.
 */

export interface CidrRange {
  source: string;
  base: bigint;
  mask: bigint;
}

const ALL_ONES = (1n << 128n) - 1n;
const V4_MAPPED = 0xffffn << 32n;

export function parseIp(text: string): bigint | null {
  const s = text.trim();
  if (s.includes(':')) return parseIpv6(s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s);
  const v4 = parseIpv4(s);
  return v4 === null ? null : V4_MAPPED | v4;
}

function parseIpv4(s: string): bigint | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  let out = 0n;
  for (const p of parts) {
    if (p.length === 0 || p.length > 3) return null;
    let n = 0;
    for (let i = 0; i < p.length; i++) {
      const d = p.charCodeAt(i) - 48;
      if (d < 0 || d > 9) return null;
      n = n * 10 + d;
    }
    if (n > 255) return null;
    out = (out << 8n) | BigInt(n);
  }
  return out;
}

function parseIpv6(input: string): bigint | null {
  // Drop a zone index (fe80::1%eth0): it names an interface, not part of the address.
  const s = input.includes('%') ? input.slice(0, input.indexOf('%')) : input;
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (h: string): bigint[] | null => {
    if (h === '') return [];
    const out: bigint[] = [];
    const items = h.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (v4 === null) return null;
        out.push(v4 >> 16n, v4 & 0xffffn);
      } else {
        if (item.length === 0 || item.length > 4) return null;
        let n = 0;
        for (let k = 0; k < item.length; k++) {
          const d = Number.parseInt(item[k]!, 16);
          if (Number.isNaN(d)) return null;
          n = n * 16 + d;
        }
        out.push(BigInt(n));
      }
    }
    return out;
  };
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...new Array<bigint>(halves.length === 2 ? missing : 0).fill(0n), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/** Throws on a malformed range; `10.0.0.0/8`, `fc00::/7`, or a bare address (a /32 or /128). */
export function parseCidr(source: string): CidrRange {
  const slash = source.indexOf('/');
  const addrText = slash < 0 ? source : source.slice(0, slash);
  const addr = parseIp(addrText);
  if (addr === null) throw new Error(`'${source}' is not an IPv4 or IPv6 network`);
  const isV4 = !addrText.includes(':');
  const maxBits = isV4 ? 32 : 128;
  const bitsText = slash < 0 ? String(maxBits) : source.slice(slash + 1);
  const bits = /^\d{1,3}$/.test(bitsText) ? Number(bitsText) : Number.NaN;
  if (!(bits >= 0 && bits <= maxBits))
    throw new Error(`'${source}' has a prefix length outside 0–${maxBits}`);
  const prefix = isV4 ? 96 + bits : bits;
  const mask = prefix === 0 ? 0n : (ALL_ONES << BigInt(128 - prefix)) & ALL_ONES;
  return { source, base: addr & mask, mask };
}

export function inCidr(ip: bigint, range: CidrRange): boolean {
  return (ip & range.mask) === range.base;
}
