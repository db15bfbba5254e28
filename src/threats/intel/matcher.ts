import { parseIp } from '../sigma/cidr.ts';
import type { IpIndicator } from './indicator.ts';

/**
 * Finds the feed entries an address falls under. Single addresses sit in a Map keyed by their 128-bit
 * value; networks are cut into disjoint segments (each boundary where a network starts or ends opens
 * one) holding the networks that cover them, most specific first, found by binary search. Results are
 * cached by the address text as logs write it, since a log repeats few addresses many times: the usual
 * cost per event is one Map lookup per address field.
 */
export class IpMatcher {
  private readonly exact = new Map<bigint, IpIndicator[]>();
  private readonly starts: bigint[] = [];
  private readonly covering: (readonly IpIndicator[])[] = [];
  private readonly cache = new Map<string, readonly IpIndicator[]>();
  readonly size: number;

  constructor(indicators: readonly IpIndicator[]) {
    this.size = indicators.length;
    const networks: { indicator: IpIndicator; order: number }[] = [];
    indicators.forEach((indicator, order) => {
      if (indicator.prefix === 128) {
        const list = this.exact.get(indicator.start);
        if (list) list.push(indicator);
        else this.exact.set(indicator.start, [indicator]);
      } else {
        networks.push({ indicator, order });
      }
    });
    this.segment(networks);
  }

  /** The entries listing `address` (most specific first), whatever their validity; empty when none. */
  candidates(address: string): readonly IpIndicator[] {
    let found = this.cache.get(address);
    if (found === undefined) {
      found = this.lookup(address);
      // Bounded: a scan of the whole address space must not grow the cache without end.
      if (this.cache.size >= MAX_CACHED) this.cache.clear();
      this.cache.set(address, found);
    }
    return found;
  }

  /** The most specific entry listing `address` that holds at `timeMs` (NaN: only entries without a window). */
  match(address: string, timeMs: number): IpIndicator | undefined {
    const found = this.candidates(address);
    for (let i = 0; i < found.length; i++) {
      const c = found[i]!;
      if (c.validFrom === undefined && c.validUntil === undefined) return c;
      if (Number.isNaN(timeMs)) continue;
      if (
        (c.validFrom === undefined || timeMs >= c.validFrom) &&
        (c.validUntil === undefined || timeMs < c.validUntil)
      )
        return c;
    }
    return undefined;
  }

  private lookup(address: string): readonly IpIndicator[] {
    const value = parseIp(address);
    if (value === null) return NONE;
    const exact = this.exact.get(value) ?? NONE;
    const networks = this.inNetworks(value);
    if (networks.length === 0) return exact;
    return exact.length === 0 ? networks : [...exact, ...networks];
  }

  private inNetworks(value: bigint): readonly IpIndicator[] {
    let lo = 0;
    let hi = this.starts.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= value) {
        at = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return at === -1 ? NONE : this.covering[at]!;
  }

  /** A sweep over network boundaries: each segment records the networks open across it. */
  private segment(networks: { indicator: IpIndicator; order: number }[]): void {
    if (networks.length === 0) return;
    const points: { at: bigint; open: boolean; item: (typeof networks)[number] }[] = [];
    for (const item of networks) {
      points.push({ at: item.indicator.start, open: true, item });
      points.push({ at: item.indicator.end + 1n, open: false, item });
    }
    points.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const open = new Set<(typeof networks)[number]>();
    for (let i = 0; i < points.length; ) {
      const at = points[i]!.at;
      for (; i < points.length && points[i]!.at === at; i++) {
        const p = points[i]!;
        if (p.open) open.add(p.item);
        else open.delete(p.item);
      }
      const list = [...open]
        .sort((a, b) => b.indicator.prefix - a.indicator.prefix || a.order - b.order)
        .map((n) => n.indicator);
      this.starts.push(at);
      this.covering.push(list.length === 0 ? NONE : list);
    }
  }
}

const NONE: readonly IpIndicator[] = Object.freeze([]);
const MAX_CACHED = 1 << 16;
