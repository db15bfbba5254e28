import type { Resource } from '../inventory/resource.ts';
import { getProperty, isJsonObject, valueAt } from '../util/json.ts';
import type { AddressTerm } from './address-prefix.ts';
import { contains } from './address-set.ts';
import { PROTOCOL_BITS } from './compiled-nsg.ts';
import type { NetworkEngine } from './engine.ts';
import { ANY_PORT, NO_PORT, type Packet } from './first-match.ts';
import { type Address, type Family, formatAddress, parseAddress } from './ip-address.ts';
import { type ChainStep, type ChainVerdict, evaluateChain } from './nsg-chain.ts';
import { accessText, type Direction } from './security-rules.ts';
import { HOST_VIRTUAL_IP, IMDS_ADDRESS, PLATFORM_ADDRESSES } from './service-tags.ts';
import { inboundLevels, outboundLevels, type VmInterface } from './topology.ts';
import { findVm } from './vm-lookup.ts';

export interface FlowQuery {
  /** The VM's name or resource ID. */
  vm: string;
  direction: Direction;
  protocol: 'Tcp' | 'Udp' | 'Icmp';
  remoteAddress: string;
  /** Undefined: any port (rules that restrict it make the answer depend on it). */
  remotePort: number | undefined;
  localPort: number | undefined;
  /**
   * Which IP configuration. When not given: on the VM's primary NIC, the primary configuration, or the
   * first of the remote address's family (a dual-stack NIC's IPv6 configuration is never primary).
   */
  localAddress: string | undefined;
}

/** One level of the chain as IP flow verify reports it. */
export interface FlowStep {
  level: 'subnet' | 'nic';
  nsgId: string | null;
  ruleName: string | null;
  priority: number | null;
  access: 'Allow' | 'Deny' | 'Unknown';
}

/**
 * Network Watcher's IP flow verify, offline: the access and the rule that decides it (the deny, or
 * for an allowed flow the allow rule of the last NSG on the path), with the chain of levels.
 */
export interface FlowResult {
  access: 'Allow' | 'Deny' | 'Unknown';
  nsgId: string | null;
  ruleName: string | null;
  priority: number | null;
  direction: Direction;
  chain: FlowStep[];
  /** The verdict in words: the deciding rule, "no NSG", or the platform exemption. */
  reason: string;
  vm: { id: string; name: string };
  nic: { id: string; name: string; ipConfiguration: string | null };
  localAddress: string;
  remoteAddress: string;
  /** What the answer depends on that Vigil cannot know (unresolved service tags, a port not given). */
  dependsOn: string[];
  /** What the engine could not resolve on the way (a peered VNet's address space). */
  notes: string[];
  /** Rule fields of the NSGs on the path that could not be read; such entries match nothing. */
  ruleProblems: { nsgId: string; field: string; message: string }[];
}

export function verifyFlow(engine: NetworkEngine, query: FlowQuery): FlowResult | { error: string } {
  const found = findVm(engine.inventory, query.vm);
  if ('error' in found) return found;
  const vm = found.vm;
  const remote = parseAddress(query.remoteAddress);
  if (remote === undefined)
    return { error: `--remote '${query.remoteAddress}' is not an IPv4 or IPv6 address` };
  const interfaces = engine.interfacesOf(vm);
  if (interfaces.length === 0) return { error: `VM ${vm.name} lists no network interfaces` };
  let local: VmInterface | undefined;
  if (query.localAddress !== undefined) {
    const wanted = parseAddress(query.localAddress);
    if (wanted === undefined)
      return { error: `--local-ip '${query.localAddress}' is not an IPv4 or IPv6 address` };
    local = interfaces.find((i) => i.address?.value === wanted.value);
    if (local === undefined) {
      const known = interfaces.flatMap((i) =>
        i.address ? [`${formatAddress(i.address.value)} (${i.nicName})`] : [],
      );
      return {
        error: `VM ${vm.name} has no IP configuration with address ${query.localAddress}; it has ${known.join(', ') || 'none'}`,
      };
    }
  } else {
    local = defaultInterface(vm, interfaces, remote.family);
  }
  if (local.family !== remote.family)
    return {
      error: `${query.remoteAddress} is IPv${remote.family} but ${local.nicName}'s address is IPv${local.family}: pick an IP configuration with --local-ip`,
    };

  const base = {
    vm: { id: vm.id, name: vm.name },
    nic: { id: local.nicId, name: local.nicName, ipConfiguration: local.config?.name ?? null },
    localAddress: local.address ? formatAddress(local.address.value) : '(not in the snapshot)',
    remoteAddress: formatAddress(remote.value),
  };
  const blind =
    local.unknown ??
    [local.subnetLevel, local.nicLevel].flatMap((l) => (l.kind === 'unknown' ? [l.why] : []))[0];
  const notes = (local.context?.notes ?? []).map((n) => n.message);
  const ruleProblems = [local.subnetLevel, local.nicLevel].flatMap((l) =>
    l.kind === 'nsg' ? engine.rulesOf(l.compiled.nsg).problems.map((p) => ({ nsgId: l.ref.id, ...p })) : [],
  );

  const portless = query.protocol === 'Icmp';
  const localPort = portless ? NO_PORT : (query.localPort ?? ANY_PORT);
  const remotePort = portless ? NO_PORT : (query.remotePort ?? ANY_PORT);
  const peer = remoteInterface(engine, local, remote);
  const localAddress = local.address ?? remote;
  const inbound = query.direction === 'Inbound';
  const packet: Packet = {
    protocol: PROTOCOL_BITS[query.protocol],
    source: inbound ? remote : localAddress,
    destination: inbound ? localAddress : remote,
    sourcePort: inbound ? remotePort : localPort,
    destinationPort: inbound ? localPort : remotePort,
    sourceAsgs: inbound ? peer?.asgs : local.asgs,
    destinationAsgs: inbound ? local.asgs : peer?.asgs,
    ...(local.address === undefined && local.addressRange
      ? inbound
        ? { destinationRange: local.addressRange }
        : { sourceRange: local.addressRange }
      : {}),
  };
  // Outbound traffic to the host's virtual IP and IMDS is not subject to NSGs unless a rule names a
  // platform tag (network-security-groups-overview.md, "Azure platform considerations"). Inbound
  // traffic from 168.63.129.16 is the load balancer's health probe, which rules do filter
  // (the AzureLoadBalancer tag, and the default rule AllowAzureLoadBalancerInBound).
  const platform = !inbound && contains(PLATFORM_ADDRESSES, remote.value);
  const verdict = evaluateChain(
    inbound ? inboundLevels(local) : outboundLevels(local),
    query.direction,
    packet,
    platform,
  );
  const chain = verdict.steps.map(flowStep);
  // A rule naming VirtualNetwork that matched (or may have) because a route table widened the tag: say so.
  const routes = local.context?.routes;
  if (
    routes &&
    verdict.steps.some((s) =>
      [s.rule, ...s.alternatives.map((a) => a.rule)].some(
        (r) => r !== undefined && [...r.source.terms, ...r.destination.terms].some(isVirtualNetwork),
      ),
    )
  )
    notes.push(routes.message);
  const deciding = verdict.deciding;
  const decidingRule = deciding?.rule && deciding.nsg ? deciding : undefined;
  return {
    access: verdict.access,
    nsgId: decidingRule?.nsg?.id ?? null,
    ruleName: decidingRule?.rule?.name ?? null,
    priority: decidingRule?.rule?.priority ?? null,
    direction: query.direction,
    chain,
    ...base,
    reason: blind && verdict.access === 'Unknown' ? blind.message : reason(verdict, remote),
    dependsOn: verdict.steps.flatMap((s) =>
      s.alternatives.map(
        (a) =>
          `rule ${a.rule.name} (priority ${a.rule.priority}, ${accessText(a.rule)}) of NSG ${s.nsg?.name} matches depending on ${a.why}`,
      ),
    ),
    notes,
    ruleProblems,
  };
}

/**
 * The interface to answer for when the query names no local address: the VM's primary NIC (flagged
 * `primary` in `networkProfile.networkInterfaces`, else the first), its primary IP configuration if
 * of the remote address's family, else its first of that family.
 */
function defaultInterface(vm: Resource, interfaces: VmInterface[], family: Family): VmInterface {
  const listed = valueAt(vm.properties, ['networkProfile', 'networkInterfaces']);
  const flagged = Array.isArray(listed)
    ? listed.find((n) => isJsonObject(n) && valueAt(n, ['properties', 'primary']) === true)
    : undefined;
  const id = isJsonObject(flagged) ? getProperty(flagged, 'id') : undefined;
  const primaryNic = typeof id === 'string' ? id.toLowerCase() : interfaces[0]!.nicId.toLowerCase();
  const onPrimary = interfaces.filter((i) => i.nicId.toLowerCase() === primaryNic);
  const pool = onPrimary.length > 0 ? onPrimary : interfaces;
  return (
    pool.find((i) => i.config?.primary && i.family === family) ??
    pool.find((i) => i.family === family) ??
    pool.find((i) => i.config?.primary) ??
    pool[0]!
  );
}

/** The VM interface behind a remote address in this VNet or a peered one: its ASGs count for ASG rules. */
function remoteInterface(
  engine: NetworkEngine,
  local: VmInterface,
  remote: Address,
): VmInterface | undefined {
  if (!local.context || !contains(local.context.virtualNetwork, remote.value)) return undefined;
  const candidates = engine.interfacesAt(remote.value);
  return (
    candidates.find((c) => c.context?.network === local.context!.network) ??
    candidates.find((c) => c.context && contains(c.context.virtualNetwork, local.address?.value ?? -1n))
  );
}

function isVirtualNetwork(term: AddressTerm): boolean {
  return term.kind === 'tag' && term.tag === 'VirtualNetwork';
}

/** A chain step as IP flow verify's JSON shows it. */
export function flowStep(step: ChainStep): FlowStep {
  return {
    level: step.level,
    nsgId: step.nsg?.id ?? null,
    ruleName: step.rule?.name ?? null,
    priority: step.rule?.priority ?? null,
    access: step.access,
  };
}

function reason(verdict: ChainVerdict, remote: Address): string {
  const deciding = verdict.deciding;
  const where = (s: ChainStep) =>
    `NSG ${s.nsg?.name} on ${s.level === 'nic' ? 'NIC' : 'subnet'} ${s.attachedTo}`;
  const ruleText = (s: ChainStep) =>
    `${s.rule?.isDefault ? 'default rule' : 'rule'} ${s.rule?.name} (priority ${s.rule?.priority}) of ${where(s)}`;
  if (verdict.access === 'Deny' && deciding) return `denied by ${ruleText(deciding)}`;
  if (verdict.access === 'Unknown' && deciding)
    return `unknown: ${deciding.unknown?.message ?? `${where(deciding)} decides by a rule whose match Vigil cannot tell (see dependsOn)`}`;
  const none = verdict.steps
    .filter((s) => s.nsg === undefined)
    .map((s) => `${s.level === 'nic' ? 'NIC' : 'subnet'} ${s.attachedTo}`);
  const platform = verdict.steps.find((s) => s.platform);
  if (platform) {
    const what =
      remote.value === HOST_VIRTUAL_IP
        ? "the host's virtual IP (DHCP, DNS, health probes)"
        : remote.value === IMDS_ADDRESS
          ? 'the Instance Metadata Service'
          : 'a platform address';
    return `allowed: traffic to ${formatAddress(remote.value)}, ${what}, is not subject to NSGs unless a rule names AzurePlatformDNS, AzurePlatformIMDS or AzurePlatformLKM`;
  }
  if (deciding?.rule)
    return `allowed by ${ruleText(deciding)}${none.length > 0 ? `; no NSG on ${none.join(' or ')}` : ''}`;
  return `allowed: no NSG on ${none.join(' or ')}`;
}
