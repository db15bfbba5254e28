import { formatAddress, IPV4_LAST, IPV6_BASE, IPV6_LAST } from './ip-address.ts';

/**
 * A set of addresses in the shared IPv4/IPv6 space (ip-address.ts): sorted, disjoint, non-adjacent
 * inclusive ranges. Built for the handful of ranges NSG rules name, not for millions.
 */
export type AddressSet = readonly (readonly [bigint, bigint])[];

export const EMPTY: AddressSet = [];
export const ALL_IPV4: AddressSet = [[0n, IPV4_LAST]];
export const ALL_IPV6: AddressSet = [[IPV6_BASE, IPV6_LAST]];
export const ALL_ADDRESSES: AddressSet = [[0n, IPV6_LAST]];

export function single(value: bigint): AddressSet {
  return [[value, value]];
}

/** Normalises any list of ranges into a set. */
export function setOf(ranges: Iterable<readonly [bigint, bigint]>): AddressSet {
  const sorted = [...ranges]
    .filter(([lo, hi]) => lo <= hi)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [bigint, bigint][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last !== undefined && lo <= last[1] + 1n) {
      if (hi > last[1]) last[1] = hi;
    } else out.push([lo, hi]);
  }
  return out;
}

export function union(...sets: AddressSet[]): AddressSet {
  return setOf(sets.flat());
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  const out: [bigint, bigint][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    const lo = larger(alo, blo);
    const hi = smaller(ahi, bhi);
    if (lo <= hi) out.push([lo, hi]);
    if (ahi < bhi) i++;
    else j++;
  }
  return out;
}

// Math.max and Math.min do not take bigints.
function larger(a: bigint, b: bigint): bigint {
  return a > b ? a : b;
}

function smaller(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  const out: [bigint, bigint][] = [];
  let j = 0;
  for (const [alo, ahi] of a) {
    let lo = alo;
    while (j < b.length && b[j]![1] < lo) j++;
    let k = j;
    while (k < b.length && b[k]![0] <= ahi && lo <= ahi) {
      const [blo, bhi] = b[k]!;
      if (blo > lo) out.push([lo, blo - 1n]);
      lo = bhi + 1n;
      k++;
    }
    if (lo <= ahi) out.push([lo, ahi]);
  }
  return out;
}

export function isEmpty(set: AddressSet): boolean {
  return set.length === 0;
}

/** Whether `inner` lies entirely inside `outer`. */
export function covers(outer: AddressSet, inner: AddressSet): boolean {
  return isEmpty(subtract(inner, outer));
}

export function contains(set: AddressSet, value: bigint): boolean {
  let lo = 0;
  let hi = set.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = set[mid]!;
    if (value < a) hi = mid - 1;
    else if (value > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** How many addresses the set holds. */
export function size(set: AddressSet): bigint {
  let total = 0n;
  for (const [lo, hi] of set) total += hi - lo + 1n;
  return total;
}

/** The smallest list of CIDR blocks that covers the set exactly, each in its family's notation. */
export function toCidrs(set: AddressSet): string[] {
  const out: string[] = [];
  for (const [lo, hi] of set) {
    // A range never straddles the families in practice; split it if it does.
    if (lo <= IPV4_LAST && hi > IPV4_LAST) {
      blocks(lo, IPV4_LAST, 32, 0n, out);
      blocks(IPV6_BASE, hi, 128, IPV6_BASE, out);
    } else if (hi <= IPV4_LAST) blocks(lo, hi, 32, 0n, out);
    else blocks(lo, hi, 128, IPV6_BASE, out);
  }
  return out;
}

function blocks(lo: bigint, hi: bigint, width: number, base: bigint, out: string[]): void {
  let start = lo - base;
  const end = hi - base;
  while (start <= end) {
    let bits = 0;
    // The largest aligned block that starts at `start` and stays within `end`.
    while (bits < width) {
      const next = 1n << BigInt(bits + 1);
      if (start % next !== 0n || start + next - 1n > end) break;
      bits++;
    }
    out.push(`${formatAddress(start + base)}/${width - bits}`);
    start += 1n << BigInt(bits);
  }
}
