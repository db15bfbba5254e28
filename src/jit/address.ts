/**
 * Source and destination addresses for JIT rules, parsed strictly: dotted-quad IPv4 without leading zeros,
 * RFC 4291 IPv6 text (no zone), CIDR prefixes with no host bits set, and `*` / `Any` for any source, as NSG
 * rules and `allowedSourceAddressPrefix` write it. A hand-written scanner: no input can make it slow.
 */

export type Prefix =
  | { kind: 'any'; text: string }
  | { kind: 'cidr'; text: string; family: 4 | 6; bits: number; network: bigint };

export type PrefixResult = { ok: true; prefix: Prefix } | { ok: false; message: string };

const MAX_TEXT = 64;

/** An IP address or CIDR prefix, or `*` / `Any` (any source). Service tags are not sources JIT takes. */
export function parsePrefix(text: string): PrefixResult {
  if (text === '*' || text.toLowerCase() === 'any') return { ok: true, prefix: { kind: 'any', text: '*' } };
  if (text.length === 0) return { ok: false, message: 'the address is empty' };
  if (text.length > MAX_TEXT)
    return { ok: false, message: `'${text.slice(0, 20)}…' is too long for an address` };
  const slash = text.indexOf('/');
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address.ok) return { ok: false, message: `'${text}': ${address.message}` };
  const max = address.family === 4 ? 32 : 128;
  let bits = max;
  if (slash >= 0) {
    const lengthText = text.slice(slash + 1);
    if (!/^(0|[1-9][0-9]{0,2})$/.test(lengthText))
      return { ok: false, message: `'${text}': the prefix length must be a number` };
    bits = Number(lengthText);
    if (bits > max)
      return { ok: false, message: `'${text}': an IPv${address.family} prefix length is 0 to ${max}` };
  }
  const hostMask = (1n << BigInt(max - bits)) - 1n;
  if ((address.value & hostMask) !== 0n) {
    const network = address.value & ~hostMask;
    return {
      ok: false,
      message: `'${text}' has host bits set; the network is ${formatAddress(network, address.family)}/${bits}`,
    };
  }
  return { ok: true, prefix: { kind: 'cidr', text, family: address.family, bits, network: address.value } };
}

export type AddressResult = { ok: true; family: 4 | 6; value: bigint } | { ok: false; message: string };

/** One IPv4 or IPv6 address, no prefix length. */
export function parseAddress(text: string): AddressResult {
  if (text.length > MAX_TEXT) return { ok: false, message: 'too long for an address' };
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined
      ? { ok: false, message: 'not a valid IPv6 address' }
      : { ok: true, family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined
    ? { ok: false, message: 'not a valid IPv4 address (dotted quad, no leading zeros)' }
    : { ok: true, family: 4, value: BigInt(value) };
}

/** Whether `outer` covers every address of `inner`. `*` covers everything; only `*` is covered by nothing else. */
export function prefixContains(outer: Prefix, inner: Prefix): boolean {
  if (outer.kind === 'any') return true;
  if (inner.kind === 'any') return false;
  if (outer.family !== inner.family || outer.bits > inner.bits) return false;
  const max = outer.family === 4 ? 32 : 128;
  const mask = ((1n << BigInt(outer.bits)) - 1n) << BigInt(max - outer.bits);
  return (inner.network & mask) === outer.network;
}

/** `*`, `0.0.0.0/0` or `::/0`: the whole internet as a source. */
export function isAnySource(prefix: Prefix): boolean {
  return prefix.kind === 'any' || prefix.bits === 0;
}

function parseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9][0-9]{0,2})$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] === '' ? [] : halves[0]!.split(':');
  const tail = halves.length === 2 ? (halves[1] === '' ? [] : halves[1]!.split(':')) : [];
  const groups: number[] = [];
  const read = (parts: string[], allowV4Last: boolean): boolean => {
    for (const [i, part] of parts.entries()) {
      if (allowV4Last && i === parts.length - 1 && part.includes('.')) {
        const v4 = parseIpv4(part);
        if (v4 === undefined) return false;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
        continue;
      }
      if (!/^[0-9A-Fa-f]{1,4}$/.test(part)) return false;
      groups.push(Number.parseInt(part, 16));
    }
    return true;
  };
  const compressed = halves.length === 2;
  if (!read(head, !compressed)) return undefined;
  const headCount = groups.length;
  if (!read(tail, true)) return undefined;
  const missing = 8 - groups.length;
  if (compressed ? missing < 1 : missing !== 0) return undefined;
  const all = [
    ...groups.slice(0, headCount),
    ...new Array<number>(missing).fill(0),
    ...groups.slice(headCount),
  ];
  let value = 0n;
  for (const group of all) value = (value << 16n) | BigInt(group);
  return value;
}

function formatAddress(value: bigint, family: 4 | 6): string {
  if (family === 4) {
    const n = Number(value);
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  }
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((value >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}
