import { subnetNetworkSecurityGroup } from '../inventory/relations.ts';
import type { Resource } from '../inventory/resource.ts';
import type { AddressSet } from './address-set.ts';
import { PROTOCOL_BITS } from './compiled-nsg.ts';
import type { NetworkEngine } from './engine.ts';
import type { Packet } from './first-match.ts';
import { type Address, addressFromValue, formatAddress } from './ip-address.ts';
import type { Level } from './levels.ts';
import { type ChainStep, type ChainVerdict, evaluateChain } from './nsg-chain.ts';
import type { PortRange } from './port-ranges.ts';
import { portSegments, rulesOf, sourcePortSamples } from './port-segments.ts';
import { inboundLevels, outboundLevels, type VmInterface } from './topology.ts';
import { findVm } from './vm-lookup.ts';
import { subnetPrefixes } from './vnet-space.ts';

/** One end of a flow: a VM's IP configuration, or a subnet without VMs (its first host address). */
export interface FlowEnd {
  label: string;
  vm: string | undefined;
  nic: string | undefined;
  address: Address | undefined;
  addressRange: AddressSet | undefined;
  asgs: ReadonlySet<string>;
  /** Levels met leaving (NIC, then subnet) and arriving (subnet, then NIC). */
  outbound: Level[];
  inbound: Level[];
}

export interface PortVerdict {
  ports: PortRange;
  access: 'Allow' | 'Deny' | 'Unknown';
  /** The level that decided: a deny, or the last allow on the way in. */
  decidedBy: ChainStep | undefined;
  /** The source side's outbound verdict and the destination side's inbound one. */
  outbound: ChainVerdict;
  inbound: ChainVerdict | undefined;
}

export interface TierFlow {
  from: FlowEnd;
  to: FlowEnd;
  protocol: 'Tcp' | 'Udp';
  /** Per port asked, or per stretch of ports the rules treat alike when every port is asked. */
  verdicts: PortVerdict[];
}

export interface PathsQuery {
  from: string;
  to: string;
  /** Ports to check; `all` walks every port range the rules on the path distinguish. */
  ports: number[] | 'all';
}

/**
 * Which ports flow between two tiers: every (source interface, destination interface) pair is
 * evaluated as Azure does, the source's outbound chain (NIC NSG, then subnet NSG) and then the
 * destination's inbound chain (subnet NSG, then NIC NSG) — intra-subnet traffic included
 * (network-security-group-how-it-works.md).
 */
export function tierFlows(
  engine: NetworkEngine,
  query: PathsQuery,
): { flows: TierFlow[] } | { error: string } {
  const from = resolveEnds(engine, query.from, '--from');
  if ('error' in from) return from;
  const to = resolveEnds(engine, query.to, '--to');
  if ('error' in to) return to;
  const flows: TierFlow[] = [];
  for (const source of from.ends) {
    for (const destination of to.ends) {
      if (source.address && destination.address && source.address.value === destination.address.value)
        continue;
      for (const [protocol, bit] of [
        ['Tcp', PROTOCOL_BITS.Tcp],
        ['Udp', PROTOCOL_BITS.Udp],
      ] as const) {
        const ranges: PortRange[] =
          query.ports === 'all'
            ? portSegments(
                [...rulesOf(source.outbound, 'outbound'), ...rulesOf(destination.inbound, 'inbound')].filter(
                  (r) => (r.protocols & bit) !== 0,
                ),
                'destination',
              )
            : query.ports.map((p) => ({ from: p, to: p }));
        const verdicts = ranges.map((ports) => portVerdict(source, destination, bit, ports));
        flows.push({
          from: source,
          to: destination,
          protocol,
          verdicts: query.ports === 'all' ? merge(verdicts) : verdicts,
        });
      }
    }
  }
  return { flows };
}

function portVerdict(source: FlowEnd, destination: FlowEnd, protocol: number, ports: PortRange): PortVerdict {
  // The client picks its source port: the flow gets through if it does from some source port.
  let best: PortVerdict | undefined;
  for (const sourcePort of sourcePortSamples([
    ...rulesOf(source.outbound, 'outbound'),
    ...rulesOf(destination.inbound, 'inbound'),
  ])) {
    const packet: Packet = {
      protocol,
      source: source.address ?? addressFromValue(0n),
      destination: destination.address ?? addressFromValue(0n),
      sourcePort,
      destinationPort: ports.from,
      sourceAsgs: source.asgs,
      destinationAsgs: destination.asgs,
      sourceRange: source.address ? undefined : source.addressRange,
      destinationRange: destination.address ? undefined : destination.addressRange,
    };
    const outbound = evaluateChain(source.outbound, 'Outbound', packet);
    const inbound =
      outbound.access === 'Deny' ? undefined : evaluateChain(destination.inbound, 'Inbound', packet);
    const access =
      outbound.access === 'Deny' || inbound?.access === 'Deny'
        ? 'Deny'
        : outbound.access === 'Unknown' || inbound?.access === 'Unknown'
          ? 'Unknown'
          : 'Allow';
    const decidedBy =
      access === 'Deny'
        ? outbound.access === 'Deny'
          ? outbound.deciding
          : inbound?.deciding
        : access === 'Unknown'
          ? outbound.access === 'Unknown'
            ? outbound.deciding
            : inbound?.deciding
          : (inbound?.deciding ?? outbound.deciding);
    const verdict: PortVerdict = { ports, access, decidedBy, outbound, inbound };
    if (access === 'Allow') return verdict;
    if (best === undefined || (access === 'Unknown' && best.access === 'Deny')) best = verdict;
  }
  return best!;
}

function resolveEnds(
  engine: NetworkEngine,
  what: string,
  option: string,
): { ends: FlowEnd[] } | { error: string } {
  const subnet = findSubnet(engine, what);
  if (subnet) {
    const interfaces = engine.interfacesInSubnet(subnet.id);
    if (interfaces.length > 0) return { ends: interfaces.map(fromInterface) };
    return { ends: [bareSubnet(engine, subnet)] };
  }
  const vm = findVm(engine.inventory, what);
  if ('error' in vm)
    return { error: `${option} '${what}' is neither a subnet (ID or vnet/subnet) nor a VM: ${vm.error}` };
  const interfaces = engine.interfacesOf(vm.vm);
  const unknown = interfaces.find((i) => i.unknown);
  if (unknown?.unknown) return { error: `${option} ${vm.vm.name}: ${unknown.unknown.message}` };
  return { ends: interfaces.map(fromInterface) };
}

/** A subnet by resource ID or as `vnet/subnet`. */
function findSubnet(engine: NetworkEngine, what: string): Resource | undefined {
  const type = 'Microsoft.Network/virtualNetworks/subnets';
  if (what.startsWith('/')) {
    const found = engine.inventory.get(what);
    return found?.type.toLowerCase() === type.toLowerCase() ? found : undefined;
  }
  const slash = what.indexOf('/');
  if (slash === -1) return undefined;
  const [vnet, name] = [what.slice(0, slash).toLowerCase(), what.slice(slash + 1).toLowerCase()];
  return engine.inventory
    .byType(type)
    .find(
      (s) =>
        s.name.toLowerCase() === name &&
        engine.inventory.parsedId(s)?.parentId?.toLowerCase().endsWith(`/${vnet}`),
    );
}

function fromInterface(i: VmInterface): FlowEnd {
  return {
    label: `${i.vm.name} (${i.address ? formatAddress(i.address.value) : i.nicName})`,
    vm: i.vm.name,
    nic: i.nicName,
    address: i.address,
    addressRange: i.addressRange,
    asgs: i.asgs,
    outbound: outboundLevels(i),
    inbound: inboundLevels(i),
  };
}

function bareSubnet(engine: NetworkEngine, subnet: Resource): FlowEnd {
  const context = engine.contextOf(subnet);
  const prefixes = subnetPrefixes(subnet, []);
  // Azure reserves the first four addresses of a subnet; the first host gets the fifth.
  const first = prefixes[0] ? addressFromValue(prefixes[0][0] + 4n) : undefined;
  const level = engine.nsgLevel(
    subnetNetworkSecurityGroup(engine.inventory, subnet),
    'subnet',
    subnet.name,
    context,
  );
  const none: Level = { kind: 'none', level: 'nic', attachedTo: '(no NIC)' };
  return {
    label: `${subnet.name} (no VM; ${first ? formatAddress(first.value) : 'no prefix'})`,
    vm: undefined,
    nic: undefined,
    address: first,
    addressRange: first ? undefined : prefixes,
    asgs: new Set(),
    outbound: [none, level],
    inbound: [level, none],
  };
}

/** Adjacent stretches with the same verdict and the same deciding rules become one. */
function merge(verdicts: PortVerdict[]): PortVerdict[] {
  const out: PortVerdict[] = [];
  const key = (v: PortVerdict) =>
    [v.access, ...[...v.outbound.steps, ...(v.inbound?.steps ?? [])].map((s) => s.rule?.id ?? s.level)].join(
      '|',
    );
  for (const v of verdicts) {
    const last = out[out.length - 1];
    if (last && key(last) === key(v) && last.ports.to + 1 === v.ports.from)
      last.ports = { from: last.ports.from, to: v.ports.to };
    else out.push({ ...v, ports: { ...v.ports } });
  }
  return out;
}
