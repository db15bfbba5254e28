import {
  type AddressSet,
  ALL_IPV4,
  ALL_IPV6,
  covers,
  intersect,
  isEmpty,
  size,
  subtract,
  union,
} from './address-set.ts';
import { type Admission, admittedSources, type InboundShape } from './admitted-sources.ts';
import type { Packet } from './first-match.ts';
import { type Address, addressFromValue } from './ip-address.ts';
import type { Level } from './levels.ts';
import type { Note } from './note.ts';
import { type ChainStep, type ChainVerdict, evaluateChain } from './nsg-chain.ts';
import { rulesOf, sourcePortSamples } from './port-segments.ts';
import { inboundLevels, type VmInterface } from './topology.ts';

/**
 * Where an inbound packet comes from, as a class of hosts: `Internet`, a host on the public
 * internet; `Any`, a host outside the VNet and outside the internet (an address no tag covers).
 */
export type SourceClass = 'Internet' | 'Any';

/** Rules that admit at least a /8 of IPv4 (or a /32 of IPv6) are as open as `Any`, whatever their spelling. */
const BROAD_IPV4 = 1n << 24n;
const BROAD_IPV6 = 1n << 96n;

export interface Reach {
  open: boolean | 'unknown';
  /** The concrete evaluation that decides: a host of the class that no rule names by address, when there is one. */
  verdict: ChainVerdict | undefined;
  /** For an opening made of address blocks rather than a generic host: the allow steps of the widest block. */
  broad: ChainStep[] | undefined;
  unknown: Note[];
}

/** The universe of a source class, as seen from an interface of one address family. */
export function sourceUniverse(i: VmInterface, source: SourceClass): AddressSet {
  const family = i.family === 4 ? ALL_IPV4 : ALL_IPV6;
  const internet = i.context?.internet ?? [];
  if (source === 'Internet') return intersect(family, internet);
  return subtract(subtract(family, internet), i.context?.virtualNetwork ?? []);
}

/**
 * Whether hosts of `source` reach the interface on `port`: exactly, for "a host of the class no
 * rule names by address" (the first address of the class outside every block a rule names); and
 * by size, for rules that name blocks as wide as a /8.
 */
export function inboundReach(i: VmInterface, protocol: number, port: number, source: SourceClass): Reach {
  const levels = inboundLevels(i);
  // Asked per port range of every class of interfaces: the notes are gathered only when there are some.
  if (i.unknown !== undefined || levels.some((l) => l.kind === 'unknown') || i.context === undefined) {
    const unknown = [i.unknown, ...levels.flatMap((l) => (l.kind === 'unknown' ? [l.why] : []))].filter(
      (n): n is Note => n !== undefined,
    );
    return { open: 'unknown', verdict: undefined, broad: undefined, unknown };
  }
  const { universe, genericHost, sourcePorts, mayBeBroad } = basis(i, levels, source);
  let verdict: ChainVerdict | undefined;
  if (genericHost !== undefined) {
    let unsure: ChainVerdict | undefined;
    for (const sourcePort of sourcePorts) {
      const v = evaluateChain(levels, 'Inbound', packetFrom(i, genericHost, protocol, port, sourcePort));
      if (v.access === 'Allow') return { open: true, verdict: v, broad: undefined, unknown: [] };
      if (v.access === 'Unknown') unsure ??= v;
      verdict ??= v;
    }
    if (unsure) return { open: 'unknown', verdict: unsure, broad: undefined, unknown: [] };
  }
  if (!mayBeBroad) return { open: false, verdict, broad: undefined, unknown: [] };
  for (const sourcePort of sourcePorts) {
    const admission = admittedSources(
      levels,
      universe,
      shapeOf(i, protocol, port, sourcePort),
      source === 'Internet',
    );
    if (admission.unknown)
      return { open: 'unknown', verdict, broad: undefined, unknown: [admission.unknown] };
    const widest = widestPiece(admission);
    if (widest !== undefined) return { open: true, verdict, broad: widest, unknown: [] };
  }
  return { open: false, verdict, broad: undefined, unknown: [] };
}

/** What every question about one interface and one source class shares. */
interface Basis {
  universe: AddressSet;
  /** The first host of the class that no rule names by address: a packet is built from it. Undefined when there is none. */
  genericHost: Address | undefined;
  /** The sender picks its source port: the packet gets in if it does from some source port. */
  sourcePorts: number[];
  /**
   * Whether any port can be open by width: the allow rules' blocks add up to a /8, or no generic host
   * exists and a rule allows the whole class. (With a generic host that is kept out, a rule for the
   * whole class is shadowed by one that also keeps out the blocks.)
   */
  mayBeBroad: boolean;
}

const bases = new WeakMap<VmInterface, Map<SourceClass, Basis>>();

function basis(i: VmInterface, levels: readonly Level[], source: SourceClass): Basis {
  let forInterface = bases.get(i);
  if (forInterface === undefined) {
    forInterface = new Map();
    bases.set(i, forInterface);
  }
  let found = forInterface.get(source);
  if (found === undefined) {
    const universe = sourceUniverse(i, source);
    const generic = subtract(universe, namedSources(levels, universe));
    // A rule for the whole class admits the generic host if anything; blocks are what can add up.
    let v4 = 0n;
    let v6 = 0n;
    let wholeClass = false;
    let unsure = false;
    for (const rule of rulesOf(levels, 'inbound')) {
      // A rule known in part only at deployment may admit anything: admittedSources says so.
      if (rule.unknown) unsure = true;
      if (!rule.allow) continue;
      if (rule.source.all || covers(rule.source.set, universe)) {
        wholeClass = true;
        continue;
      }
      const admitted = intersect(rule.source.set, universe);
      v4 += size(intersect(admitted, ALL_IPV4));
      v6 += size(intersect(admitted, ALL_IPV6));
    }
    found = {
      universe,
      genericHost: isEmpty(generic) ? undefined : addressFromValue(generic[0]![0]),
      sourcePorts: sourcePortSamples(rulesOf(levels, 'inbound')),
      mayBeBroad: unsure || v4 >= BROAD_IPV4 || v6 >= BROAD_IPV6 || (isEmpty(generic) && wholeClass),
    };
    forInterface.set(source, found);
  }
  return found;
}

/** Every block some rule of the levels names as a source, except blocks that take in the whole universe. */
export function namedSources(levels: readonly Level[], universe: AddressSet): AddressSet {
  const named: AddressSet[] = [];
  for (const level of levels) {
    if (level.kind !== 'nsg') continue;
    for (const rule of level.compiled.inbound) {
      if (rule.source.all || isEmpty(rule.source.set) || covers(rule.source.set, universe)) continue;
      named.push(rule.source.set);
    }
  }
  return union(...named);
}

function widestPiece(admission: Admission): ChainStep[] | undefined {
  let best: { steps: ChainStep[]; v4: bigint; v6: bigint } | undefined;
  for (const piece of admission.pieces) {
    const v4 = size(intersect(piece.set, ALL_IPV4));
    const v6 = size(intersect(piece.set, ALL_IPV6));
    if (v4 < BROAD_IPV4 && v6 < BROAD_IPV6) continue;
    if (!best || v4 > best.v4 || v6 > best.v6) best = { steps: piece.steps, v4, v6 };
  }
  return best?.steps;
}

function packetFrom(
  i: VmInterface,
  source: Address,
  protocol: number,
  port: number,
  sourcePort: number,
): Packet {
  return {
    protocol,
    source,
    destination: i.address ?? addressFromValue(0n),
    sourcePort,
    destinationPort: port,
    sourceAsgs: undefined,
    destinationAsgs: i.asgs,
    destinationRange: i.address ? undefined : i.addressRange,
  };
}

export function shapeOf(i: VmInterface, protocol: number, port: number, sourcePort: number): InboundShape {
  return {
    protocol,
    sourcePort,
    destinationPort: port,
    destination: i.address ?? addressFromValue(0n),
    destinationAsgs: i.asgs,
    destinationRange: i.address ? undefined : i.addressRange,
  };
}
