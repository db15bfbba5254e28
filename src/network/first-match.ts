import { type AddressSet, covers, intersect, isEmpty } from './address-set.ts';
import type { CompiledEndpoint, CompiledNsg, CompiledRule } from './compiled-nsg.ts';
import type { Address } from './ip-address.ts';
import { stretchOf } from './port-index.ts';
import type { Direction } from './security-rules.ts';

/** The packet's port is not given: a rule that restricts it may or may not match. */
export const ANY_PORT = -1;
/**
 * The protocol has no ports (ICMP, ESP, AH): only rules for every port match it. Microsoft says to
 * write such rules with `*` ports (MicrosoftDocs/azure-docs#37413); azure-docs#51522 reports the
 * port field acting as the ICMP type, which Vigil does not model.
 */
export const NO_PORT = -2;

/** The 5-tuple NSG rules are evaluated on, plus the NICs' application security groups. */
export interface Packet {
  /** One of PROTOCOL_BITS. */
  protocol: number;
  source: Address;
  destination: Address;
  sourcePort: number;
  destinationPort: number;
  /** ASGs of the NIC the packet comes from / goes to; undefined for a host outside the estate. */
  sourceAsgs: ReadonlySet<string> | undefined;
  destinationAsgs: ReadonlySet<string> | undefined;
  /** Set when the address is not known exactly (a NIC without a private IP in the snapshot): where it lies. */
  sourceRange?: AddressSet | undefined;
  destinationRange?: AddressSet | undefined;
}

export const NO = 0;
export const YES = 1;
export const MAYBE = 2;
export type Tri = typeof NO | typeof YES | typeof MAYBE;

export interface Match {
  /** Index of the first rule that surely matches; -1 when none does. */
  index: number;
  /** Earlier rules that match only if something Vigil cannot know holds (an unresolved service tag, an unknown port or address, a field known only at deployment). */
  maybe: number[];
}

/**
 * First match by priority: "once traffic matches a rule, processing stops"
 * (network-security-groups-overview.md). A scan over precompiled rules, no string work: for a
 * packet with a destination port, only the rules for every port and those naming its port
 * (port-index.ts), merged in priority order. With `platformOnly`, only rules naming a platform tag
 * count: traffic to the host's virtual IP and IMDS is not subject to other rules (overview,
 * "Azure platform considerations").
 */
export function firstMatch(
  nsg: CompiledNsg,
  direction: Direction,
  packet: Packet,
  platformOnly = false,
): Match {
  const rules = direction === 'Inbound' ? nsg.inbound : nsg.outbound;
  const port = packet.destinationPort;
  if (port < 0) {
    let maybe: number[] | undefined;
    for (let i = 0; i < rules.length; i++) {
      const result = ruleMatch(nsg, rules[i]!, packet, platformOnly);
      if (result === YES) return { index: i, maybe: maybe ?? [] };
      if (result === MAYBE) {
        maybe ??= [];
        maybe.push(i);
      }
    }
    return { index: -1, maybe: maybe ?? [] };
  }
  const index = direction === 'Inbound' ? nsg.inboundIndex : nsg.outboundIndex;
  const any = index.anyPort;
  const stretch = stretchOf(index.starts, port);
  const entries = index.entries;
  const end = index.offsets[stretch + 1]!;
  let a = 0;
  let e = index.offsets[stretch]!;
  let maybe: number[] | undefined;
  while (a < any.length || e < end) {
    // Merge the two priority-ordered lists by rule index.
    const i = e >= end || (a < any.length && any[a]! < entries[e]!) ? any[a++]! : entries[e++]!;
    const result = ruleMatch(nsg, rules[i]!, packet, platformOnly);
    if (result === YES) return { index: i, maybe: maybe ?? [] };
    if (result === MAYBE) {
      maybe ??= [];
      maybe.push(i);
    }
  }
  return { index: -1, maybe: maybe ?? [] };
}

function ruleMatch(nsg: CompiledNsg, rule: CompiledRule, packet: Packet, platformOnly: boolean): Tri {
  if ((rule.protocols & packet.protocol) === 0) return NO;
  if (platformOnly && !rule.destination.platform) return NO;
  let result: Tri = portMatch(rule.destinationPorts, rule.anyDestinationPort, packet.destinationPort);
  if (result === NO) return NO;
  const sourcePort = portMatch(rule.sourcePorts, rule.anySourcePort, packet.sourcePort);
  if (sourcePort === NO) return NO;
  if (sourcePort === MAYBE) result = MAYBE;
  const destination = endpointMatch(
    nsg,
    rule.destination,
    packet.destination,
    packet.destinationAsgs,
    packet.destinationRange,
  );
  if (destination === NO) return NO;
  if (destination === MAYBE) result = MAYBE;
  const source = endpointMatch(nsg, rule.source, packet.source, packet.sourceAsgs, packet.sourceRange);
  if (source === NO) return NO;
  return source === MAYBE || rule.unknown ? MAYBE : result;
}

export function portMatch(ranges: Int32Array, any: boolean, port: number): Tri {
  if (any) return YES;
  if (port === NO_PORT) return NO;
  if (port === ANY_PORT) return MAYBE;
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! <= port && port <= ranges[i + 1]!) return YES;
  return NO;
}

/**
 * A rule with application security groups "applies only to NICs that are members" of them
 * (MicrosoftDocs/azure-docs articles/virtual-network/application-security-groups.md).
 */
export function endpointMatch(
  nsg: CompiledNsg,
  endpoint: CompiledEndpoint,
  address: Address,
  asgs: ReadonlySet<string> | undefined,
  range: AddressSet | undefined,
): Tri {
  if (endpoint.all) return YES;
  if (asgs !== undefined) for (const asg of endpoint.asgs) if (asgs.has(asg)) return YES;
  if (range !== undefined) {
    if (covers(endpoint.set, range)) return YES;
    return isEmpty(intersect(endpoint.set, range)) ? NO : MAYBE;
  }
  if (inEndpoint(endpoint, address)) return YES;
  if (endpoint.unresolved.length > 0 && inEndpoint(nsg.internet, address)) return MAYBE;
  return NO;
}

export function inEndpoint(endpoint: CompiledEndpoint, address: Address): boolean {
  if (address.family === 4) {
    const v = address.v4;
    const ranges = endpoint.v4;
    for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! <= v && v <= ranges[i + 1]!) return true;
    return false;
  }
  const v = address.value;
  const ranges = endpoint.v6;
  for (let i = 0; i < ranges.length; i += 2) if (ranges[i]! <= v && v <= ranges[i + 1]!) return true;
  return false;
}
