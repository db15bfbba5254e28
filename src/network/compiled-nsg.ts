import type { Resource } from '../inventory/resource.ts';
import { type AddressSet, ALL_ADDRESSES, covers, union } from './address-set.ts';
import { IPV4_LAST } from './ip-address.ts';
import { buildPortIndex, type PortIndex } from './port-index.ts';
import { ALL_PORTS, type PortRange } from './port-ranges.ts';
import type { Endpoint, NsgRules, Protocol, SecurityRule } from './security-rules.ts';
import { PLATFORM_TAG_ADDRESSES, PLATFORM_TAGS } from './service-tags.ts';
import type { AddressContext } from './vnet-space.ts';

/** Protocols as bits, so a rule's protocol test is one AND. `*` (Any) covers every protocol. */
export const PROTOCOL_BITS: Record<Protocol, number> = { Tcp: 1, Udp: 2, Icmp: 4, Esp: 8, Ah: 16, '*': 31 };

/** A source or destination ready for matching: address ranges as numbers (IPv4) and bigints (IPv6). */
export interface CompiledEndpoint {
  /** Every address: no compare needed. */
  all: boolean;
  /** The addresses named, service tags resolved against the VNet. */
  set: AddressSet;
  /** IPv4 part of `set` as [lo, hi, lo, hi, …]. */
  v4: Float64Array;
  /** IPv6 part of `set` as [lo, hi, …], in the shared space. */
  v6: bigint[];
  /** Lower-cased IDs of application security groups: the endpoint matches their member NICs. */
  asgs: readonly string[];
  /**
   * Service tags whose prefixes Vigil does not have (Storage, AzureCloud, …). They denote
   * Microsoft's public ranges, so they never match an address inside the VNet or a private one;
   * whether they match a public address is unknown, and the evaluation says so.
   */
  unresolved: readonly string[];
  /** The endpoint names a platform tag (AzurePlatformDNS, AzurePlatformIMDS, AzurePlatformLKM). */
  platform: boolean;
  /** It can name a host outside the VNet on the internet. */
  external: boolean;
}

export interface CompiledRule {
  rule: SecurityRule;
  allow: boolean;
  protocols: number;
  source: CompiledEndpoint;
  destination: CompiledEndpoint;
  /** [from, to, from, to, …] */
  sourcePorts: Int32Array;
  destinationPorts: Int32Array;
  anySourcePort: boolean;
  anyDestinationPort: boolean;
  /** Whether the source can be a host outside the VNet on the internet: worth a look when computing exposure. */
  externalSource: boolean;
  /** A field is known only at deployment: the rule may match, never surely (security-rules.ts UnknownField). */
  unknown: boolean;
}

/** An NSG's rules compiled once for one VNet: by direction, lowest priority number first. */
export interface CompiledNsg {
  nsg: Resource;
  rules: NsgRules;
  context: AddressContext;
  inbound: CompiledRule[];
  outbound: CompiledRule[];
  inboundIndex: PortIndex;
  outboundIndex: PortIndex;
  /** `context.internet`, for the unresolved-tag test. */
  internet: CompiledEndpoint;
}

/** Prefixes for service tags beyond the ones Vigil resolves itself, by lower-cased tag name (e.g. from Microsoft's Service Tags JSON). */
export type ServiceTagPrefixes = ReadonlyMap<string, AddressSet>;

/**
 * Compiles an NSG's rules for one VNet. `endpoints` caches compiled sources and destinations: NSGs in
 * one VNet repeat the same prefixes and tags, and share their address sets. It is keyed by the rules'
 * endpoints, which one ParseCache makes one object per distinct endpoint.
 */
export function compileNsg(
  rules: NsgRules,
  context: AddressContext,
  serviceTags?: ServiceTagPrefixes,
  endpoints: Map<Endpoint, CompiledEndpoint> = new Map(),
): CompiledNsg {
  return new Compiled(rules, context, { context, serviceTags, endpoints });
}

/** What compiling a rule needs besides the rule. */
interface Compiling {
  context: AddressContext;
  serviceTags: ServiceTagPrefixes | undefined;
  endpoints: Map<Endpoint, CompiledEndpoint>;
}

/**
 * Outbound rules are compiled when first asked for: a scan only ever evaluates inbound traffic, and
 * compiling both directions of every NSG was a good part of its time.
 */
class Compiled implements CompiledNsg {
  readonly nsg: Resource;
  readonly inbound: CompiledRule[];
  readonly inboundIndex: PortIndex;
  readonly internet: CompiledEndpoint;
  readonly #compiling: Compiling;
  #outbound: { rules: CompiledRule[]; index: PortIndex } | undefined;

  constructor(
    readonly rules: NsgRules,
    readonly context: AddressContext,
    compiling: Compiling,
  ) {
    this.nsg = rules.nsg;
    this.#compiling = compiling;
    this.inbound = compileRules(rules.inbound, compiling);
    this.inboundIndex = buildPortIndex(this.inbound);
    this.internet = internetOf(context);
  }

  get outbound(): CompiledRule[] {
    return this.#compiledOutbound().rules;
  }

  get outboundIndex(): PortIndex {
    return this.#compiledOutbound().index;
  }

  #compiledOutbound(): { rules: CompiledRule[]; index: PortIndex } {
    if (this.#outbound === undefined) {
      const rules = compileRules(this.rules.outbound, this.#compiling);
      this.#outbound = { rules, index: buildPortIndex(rules) };
    }
    return this.#outbound;
  }
}

/** `context.internet` compiled once per VNet context: every NSG compiled for the VNet holds it. */
const internets = new WeakMap<AddressContext, CompiledEndpoint>();

function internetOf(context: AddressContext): CompiledEndpoint {
  let internet = internets.get(context);
  if (internet === undefined) {
    internet = fromSet(context.internet);
    internets.set(context, internet);
  }
  return internet;
}

function compileRules(rules: readonly SecurityRule[], compiling: Compiling): CompiledRule[] {
  const out: CompiledRule[] = new Array(rules.length);
  for (let i = 0; i < rules.length; i++) out[i] = compileRule(rules[i]!, compiling);
  return out;
}

function compileRule(rule: SecurityRule, compiling: Compiling): CompiledRule {
  const source = compiledEndpoint(rule.source, compiling);
  const destination = compiledEndpoint(rule.destination, compiling);
  return {
    rule,
    allow: rule.access === 'Allow',
    protocols: PROTOCOL_BITS[rule.protocol],
    source,
    destination,
    sourcePorts: portArray(rule.sourcePorts),
    destinationPorts: portArray(rule.destinationPorts),
    anySourcePort: coversAllPorts(rule.sourcePorts),
    anyDestinationPort: coversAllPorts(rule.destinationPorts),
    externalSource: source.external,
    unknown: rule.unknowns.length > 0,
  };
}

function compiledEndpoint(side: Endpoint, { context, serviceTags, endpoints }: Compiling): CompiledEndpoint {
  let found = endpoints.get(side);
  if (found === undefined) {
    found = endpoint(side, context, serviceTags);
    endpoints.set(side, found);
  }
  return found;
}

function endpoint(
  side: SecurityRule['source'],
  context: AddressContext,
  serviceTags: ServiceTagPrefixes | undefined,
): CompiledEndpoint {
  const sets: AddressSet[] = [];
  const unresolved: string[] = [];
  let platform = false;
  for (const term of side.terms) {
    if (term.kind === 'addresses') sets.push(term.set);
    else if (term.kind === 'tag') {
      if (PLATFORM_TAGS.has(term.tag)) platform = true;
      if (term.tag === 'Internet') sets.push(context.internet);
      else if (term.tag === 'VirtualNetwork') sets.push(context.virtualNetwork);
      else {
        const known = PLATFORM_TAG_ADDRESSES[term.tag] ?? serviceTags?.get(term.tag.toLowerCase());
        if (known) sets.push(known);
        else unresolved.push(term.tag);
      }
    } else {
      const known = serviceTags?.get(term.tag.toLowerCase());
      if (known) sets.push(known);
      else unresolved.push(term.tag);
    }
  }
  const set = sets.length === 1 && isNormal(sets[0]!) ? sets[0]! : union(...sets);
  const compiled = fromSet(set);
  return {
    ...compiled,
    asgs: side.asgs,
    unresolved,
    platform,
    external: compiled.all || unresolved.length > 0 || overlaps(set, context.internet),
  };
}

/** Whether a list of ranges is a set already (see AddressSet): most endpoints name one prefix or tag. */
function isNormal(ranges: AddressSet): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const [lo, hi] = ranges[i]!;
    if (lo > hi || (i > 0 && lo <= ranges[i - 1]![1] + 1n)) return false;
  }
  return true;
}

/** `!isEmpty(intersect(a, b))`, walked as intersect walks, without building the intersection. */
function overlaps(a: AddressSet, b: AddressSet): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const [alo, ahi] = a[i]!;
    const [blo, bhi] = b[j]!;
    // The larger start at or below the smaller end.
    if (alo <= ahi && alo <= bhi && blo <= ahi && blo <= bhi) return true;
    if (ahi < bhi) i++;
    else j++;
  }
  return false;
}

function fromSet(set: AddressSet): CompiledEndpoint {
  const v4: number[] = [];
  const v6: bigint[] = [];
  for (const [lo, hi] of set) {
    if (hi <= IPV4_LAST) v4.push(Number(lo), Number(hi));
    else if (lo > IPV4_LAST) v6.push(lo, hi);
    else {
      v4.push(Number(lo), Number(IPV4_LAST));
      v6.push(IPV4_LAST + 1n, hi);
    }
  }
  return {
    all: coversAll(set),
    set,
    v4: Float64Array.from(v4),
    v6,
    asgs: [],
    unresolved: [],
    platform: false,
    external: false,
  };
}

/** `covers(set, ALL_ADDRESSES)`: a set of one range (most endpoints') is read without subtracting. */
function coversAll(set: AddressSet): boolean {
  if (set.length !== 1) return covers(set, ALL_ADDRESSES);
  const [lo, hi] = set[0]!;
  return lo <= ALL_ADDRESSES[0]![0] && hi >= ALL_ADDRESSES[0]![1];
}

/** Port lists are shared between rules (parse-cache.ts), and so are their compiled forms. */
const portArrays = new WeakMap<readonly PortRange[], Int32Array>();

function portArray(ranges: readonly PortRange[]): Int32Array {
  let out = portArrays.get(ranges);
  if (out === undefined) {
    out = new Int32Array(ranges.length * 2);
    for (const [i, r] of ranges.entries()) {
      out[2 * i] = r.from;
      out[2 * i + 1] = r.to;
    }
    portArrays.set(ranges, out);
  }
  return out;
}

function coversAllPorts(ranges: readonly PortRange[]): boolean {
  for (let i = 0; i < ranges.length; i++)
    if (ranges[i]!.from === ALL_PORTS.from && ranges[i]!.to === ALL_PORTS.to) return true;
  return false;
}
