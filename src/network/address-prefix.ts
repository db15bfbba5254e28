import { type AddressSet, ALL_ADDRESSES } from './address-set.ts';
import { allDigits, IPV6_BASE, parseIPv4, parseIPv6 } from './ip-address.ts';
import { type KnownTag, knownTag } from './service-tags.ts';

/**
 * One entry of a rule's source or destination: every address, a block of addresses, or a service
 * tag. `*` and `Any` mean every address, IPv4 and IPv6; `0.0.0.0/0` is every IPv4 address and
 * `::/0` every IPv6 one, as their arithmetic says (network-security-groups-overview.md calls
 * 0.0.0.0/0 "all IP addresses" in the default-rule table, where ARM itself writes `*`).
 */
export type AddressTerm =
  | { kind: 'addresses'; set: AddressSet }
  | { kind: 'tag'; tag: KnownTag }
  /** A service tag whose prefixes Vigil does not ship (Storage, AzureCloud.westeurope, …): see compiled-nsg.ts. */
  | { kind: 'other-tag'; tag: string };

export function parseAddressTerm(text: string): AddressTerm | undefined {
  const trimmed = text.trim();
  if (trimmed === '*' || trimmed.toLowerCase() === 'any') return { kind: 'addresses', set: ALL_ADDRESSES };
  const block = parseCidr(trimmed);
  if (block !== undefined) return { kind: 'addresses', set: [block] };
  const tag = knownTag(trimmed);
  if (tag !== undefined) return { kind: 'tag', tag };
  return isTagName(trimmed) ? { kind: 'other-tag', tag: trimmed } : undefined;
}

/**
 * `a.b.c.d`, `a.b.c.d/n`, an IPv6 address or `x::/n`, as one inclusive range. Host bits under the
 * mask are ignored, as the block they name is the same.
 */
export function parseCidr(text: string): readonly [bigint, bigint] | undefined {
  const slash = text.indexOf('/');
  const address = slash === -1 ? text : text.slice(0, slash);
  const bitsText = slash === -1 ? undefined : text.slice(slash + 1);
  const v4 = parseIPv4(address);
  const v6 = v4 === undefined ? parseIPv6(address) : undefined;
  if (v4 === undefined && v6 === undefined) return undefined;
  const width = v4 !== undefined ? 32 : 128;
  if (bitsText !== undefined && (!allDigits(bitsText) || bitsText.length > 3)) return undefined;
  const bits = bitsText === undefined ? width : Number(bitsText);
  if (bits > width) return undefined;
  const value = v4 !== undefined ? BigInt(v4) : v6!;
  const hostBits = BigInt(width - bits);
  const network = (value >> hostBits) << hostBits;
  const base = v4 !== undefined ? 0n : IPV6_BASE;
  return [base + network, base + network + (1n << hostBits) - 1n];
}

/** Service tag names: letters, digits, dots (regional tags such as `Storage.WestEurope`), `_` and `-`. */
function isTagName(text: string): boolean {
  if (text.length === 0 || text.length > 80) return false;
  const first = text[0]!;
  if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
  for (const ch of text) {
    const ok =
      (ch >= 'a' && ch <= 'z') ||
      (ch >= 'A' && ch <= 'Z') ||
      (ch >= '0' && ch <= '9') ||
      ch === '.' ||
      ch === '_' ||
      ch === '-';
    if (!ok) return false;
  }
  return true;
}
