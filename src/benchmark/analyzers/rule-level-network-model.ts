import type { Inventory } from '../../inventory/inventory.ts';
import {
  type IpConfigurationLink,
  nicIpConfigurations,
  nicNetworkSecurityGroup,
  type Reference,
  subnetNetworkSecurityGroup,
  vmNetworkInterfaces,
} from '../../inventory/relations.ts';
import type { Resource } from '../../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonValue } from '../../util/json.ts';
import type { Evidence } from '../types.ts';
import type {
  InboundSource,
  InboundVerdict,
  InterfaceNsgs,
  NetworkModel,
  NsgRef,
  Opening,
  Openings,
  RuleRef,
  Transport,
  Verdict,
} from './network-model.ts';
import {
  destinationMatches,
  type InboundRules,
  type PacketDestination,
  portMatches,
  protocolMatches,
  readInboundRules,
  type SecurityRule,
  sourceMatches,
} from './nsg-rules.ts';

/** One NSG level on an interface's inbound path. */
type Level =
  | { kind: 'none'; level: 'subnet' | 'nic'; attachedTo: string }
  | { kind: 'nsg'; ref: NsgRef; rules: InboundRules | undefined }
  | { kind: 'unknown'; why: Evidence };

/** One way into the VM: a NIC IP configuration, filtered by its subnet's NSG and then its NIC's NSG. */
interface Path {
  nicId: string;
  nicName: string;
  nic: Resource | undefined;
  ipConfiguration: IpConfigurationLink | undefined;
  subnetId: string | undefined;
  destination: PacketDestination;
  /** Inbound order: subnet, then NIC (network-security-group-how-it-works.md). */
  levels: Level[];
  unknown: Evidence | undefined;
}

interface PathVerdict {
  allowed: boolean | 'unknown';
  rules: RuleRef[];
  evidence: Evidence[];
}

interface Packet {
  port: number;
  protocol: Transport;
  source: InboundSource;
}

const PROTOCOLS: Transport[] = ['Tcp', 'Udp'];

/**
 * The network model done at rule level: subnet NSG and NIC NSG per IP configuration, each NSG's
 * inbound rules by priority with Azure's default rules, first match wins, a deny at either level
 * blocks, a missing NSG allows everything (MicrosoftDocs/azure-docs articles/virtual-network/
 * network-security-group-how-it-works.md and network-security-groups-overview.md@0088bfa7). Sources are
 * judged by their prefixes (`*`, `Any`, `0.0.0.0/0`, `::/0`, `Internet`), not by address
 * arithmetic; destinations by the NIC's private IP and application security groups. Not modelled:
 * Standard public IPs being closed without an NSG, AVNM admin rules, Azure Firewall, route tables.
 */
export function ruleLevelNetworkModel(inventory: Inventory): NetworkModel {
  const rulesByNsg = new Map<string, InboundRules>();
  const pathsByVm = new Map<string, Path[]>();

  const inboundRules = (nsg: Resource): InboundRules => {
    const key = nsg.id.toLowerCase();
    let rules = rulesByNsg.get(key);
    if (rules === undefined) {
      rules = readInboundRules(nsg);
      rulesByNsg.set(key, rules);
    }
    return rules;
  };

  const nsgLevel = (ref: Reference | undefined, level: 'subnet' | 'nic', attachedTo: string): Level => {
    if (ref === undefined) return { kind: 'none', level, attachedTo };
    const nsgRef: NsgRef = {
      id: ref.id,
      name: ref.dangling ? lastSegment(ref.id) : ref.resource.name,
      level,
      attachedTo,
      inSnapshot: !ref.dangling,
    };
    return { kind: 'nsg', ref: nsgRef, rules: ref.dangling ? undefined : inboundRules(ref.resource) };
  };

  const pathsOf = (vm: Resource): Path[] => {
    const key = vm.id.toLowerCase();
    let paths = pathsByVm.get(key);
    if (paths !== undefined) return paths;
    paths = [];
    for (const nicRef of vmNetworkInterfaces(inventory, vm)) {
      const nicName = lastSegment(nicRef.id);
      const base = { nicId: nicRef.id, nicName, subnetId: undefined, levels: [] };
      if (nicRef.dangling) {
        paths.push({
          ...base,
          nic: undefined,
          ipConfiguration: undefined,
          destination: { privateIPAddress: undefined, asgs: [] },
          unknown: missing(`NIC ${nicName}`, nicRef.id, nicRef.field),
        });
        continue;
      }
      const nic = nicRef.resource;
      const nicNsg = nsgLevel(nicNetworkSecurityGroup(inventory, nic), 'nic', nic.name);
      const configs = nicIpConfigurations(inventory, nic);
      if (configs.length === 0) {
        paths.push({
          ...base,
          nic,
          ipConfiguration: undefined,
          destination: { privateIPAddress: undefined, asgs: [] },
          unknown: {
            message: `NIC ${nic.name} has no IP configurations in the snapshot`,
            resourceId: nic.id,
          },
        });
        continue;
      }
      for (const config of configs) {
        const subnet = config.subnet;
        let subnetLevel: Level;
        if (subnet === undefined) {
          subnetLevel = {
            kind: 'unknown',
            why: {
              message: `NIC ${nic.name} ${config.name ?? config.field} names no subnet`,
              resourceId: nic.id,
              field: config.field,
            },
          };
        } else if (subnet.dangling) {
          subnetLevel = {
            kind: 'unknown',
            why: missing(`subnet ${lastSegment(subnet.id)}`, subnet.id, subnet.field),
          };
        } else {
          subnetLevel = nsgLevel(
            subnetNetworkSecurityGroup(inventory, subnet.resource),
            'subnet',
            subnet.resource.name,
          );
        }
        paths.push({
          ...base,
          nic,
          ipConfiguration: config,
          subnetId: subnet?.id,
          destination: {
            privateIPAddress: config.privateIPAddress,
            asgs: config.applicationSecurityGroups.map((asg) => asg.id.toLowerCase()),
          },
          levels: [subnetLevel, nicNsg],
          unknown: undefined,
        });
      }
    }
    pathsByVm.set(key, paths);
    return paths;
  };

  const evaluatePath = (path: Path, packet: Packet): PathVerdict => {
    const blind = blindSpot(path);
    if (blind) return { allowed: 'unknown', rules: [], evidence: [blind] };
    const rules: RuleRef[] = [];
    const evidence: Evidence[] = [];
    for (const level of path.levels) {
      if (level.kind === 'none') {
        evidence.push({
          message: `no NSG on ${level.level === 'nic' ? 'NIC' : 'subnet'} ${level.attachedTo}: that level lets all inbound traffic through`,
        });
        continue;
      }
      if (level.kind !== 'nsg' || !level.rules) continue; // blindSpot ruled these out
      const rule = level.rules.rules.find((r) => matches(r, packet, path.destination));
      // DenyAllInBound always matches; a snapshot that dropped it still denies, as Azure would.
      const decided = rule ? ruleRef(level.ref, rule) : undefined;
      const allows = rule?.access === 'Allow';
      evidence.push(
        ruleEvidence(level.ref, rule, decided, allows, describe(packet)),
        ...problems(level.ref, level.rules),
      );
      if (!allows) return { allowed: false, rules: decided ? [decided] : [], evidence };
      rules.push(decided!);
    }
    return { allowed: true, rules, evidence };
  };

  const vmInboundAllowed = (
    vm: Resource,
    port: number,
    protocol: Transport,
    source: InboundSource,
  ): InboundVerdict => {
    const paths = pathsOf(vm);
    if (paths.length === 0) return { allowed: 'unknown', rule: undefined, evidence: [noInterfaces(vm)] };
    const verdicts = paths.map((path) => evaluatePath(path, { port, protocol, source }));
    const open = verdicts.filter((v) => v.allowed === true);
    if (open.length > 0) {
      return { allowed: true, rule: open[0]!.rules.at(-1), evidence: open.flatMap((v) => v.evidence) };
    }
    const unknown = verdicts.filter((v) => v.allowed === 'unknown');
    if (unknown.length > 0)
      return { allowed: 'unknown', rule: undefined, evidence: unknown.flatMap((v) => v.evidence) };
    return { allowed: false, rule: verdicts[0]!.rules[0], evidence: verdicts.flatMap((v) => v.evidence) };
  };

  /** The port ranges a path lets in from `source`, per protocol, each with the rules that let it in. */
  const pathOpenings = (path: Path, source: InboundSource): Omit<Opening, 'evidence'>[] => {
    // Verdicts only change where some rule's port range starts or ends: one packet per segment.
    const bounds = new Set([0, 65536]);
    for (const level of path.levels) {
      if (level.kind !== 'nsg' || !level.rules) continue;
      for (const rule of level.rules.rules) for (const r of rule.ports) bounds.add(r.from).add(r.to + 1);
    }
    const sorted = [...bounds].sort((a, b) => a - b);
    const found: Omit<Opening, 'evidence'>[] = [];
    for (const protocol of PROTOCOLS) {
      let current: Omit<Opening, 'evidence'> | undefined;
      let currentKey = '';
      for (let i = 0; i + 1 < sorted.length; i++) {
        const from = sorted[i]!;
        const to = sorted[i + 1]! - 1;
        const verdict = evaluatePath(path, { port: from, protocol, source });
        const key = verdict.rules.map((r) => r.id).join('|');
        if (verdict.allowed !== true) {
          current = undefined;
        } else if (current && currentKey === key) {
          current.to = to;
        } else {
          current = { protocol, from, to, rules: verdict.rules };
          currentKey = key;
          found.push(current);
        }
      }
    }
    return found;
  };

  const vmInboundOpenings = (vm: Resource, source: InboundSource): Openings => {
    const openings: Opening[] = [];
    const unknown: Evidence[] = [];
    const unread: Evidence[] = [];
    const paths = pathsOf(vm);
    if (paths.length === 0) unknown.push(noInterfaces(vm));
    for (const path of paths) {
      if (path.levels.every((level) => level.kind === 'none') && !path.unknown) continue;
      const blind = blindSpot(path);
      if (blind) {
        unknown.push(blind);
        continue;
      }
      for (const opening of pathOpenings(path, source)) {
        openings.push({ ...opening, evidence: openingEvidence(path, opening, source) });
      }
      for (const level of path.levels)
        if (level.kind === 'nsg' && level.rules) unread.push(...problems(level.ref, level.rules));
    }
    return { openings, unknown, problems: unread };
  };

  const vmInternetFacing = (vm: Resource): Verdict<'facing'> => {
    const facing: Evidence[] = [];
    const unknown: Evidence[] = [];
    const nics = new Set<string>();
    const paths = pathsOf(vm);
    if (paths.length === 0) return { facing: 'unknown', evidence: [noInterfaces(vm)] };
    for (const path of paths) {
      if (path.nic === undefined || path.ipConfiguration === undefined) {
        if (path.unknown) unknown.push(path.unknown);
        continue;
      }
      nics.add(path.nicName);
      const config = path.ipConfiguration;
      const pip = config.publicIPAddress;
      if (pip) {
        const address = pip.dangling ? undefined : stringAt(pip.resource.properties, 'ipAddress');
        facing.push({
          message: `NIC ${path.nicName} ${config.name ?? config.field} has public IP ${lastSegment(pip.id)}${address ? ` (${address})` : ''}`,
          field: pip.field,
          resourceId: pip.id,
        });
      }
      for (const lb of loadBalancersOf(path.nic, config)) {
        const balancer = inventory.get(lb.id);
        if (balancer === undefined) {
          unknown.push(
            missing(
              `load balancer ${lastSegment(lb.id)}`,
              lb.id,
              lb.field,
              'whether its frontend is public is unknown',
            ),
          );
          continue;
        }
        const frontend = publicFrontend(balancer);
        if (frontend !== undefined) {
          facing.push({
            message: `NIC ${path.nicName} ${config.name ?? config.field} is behind load balancer ${balancer.name}, whose frontend has public IP ${lastSegment(frontend)}`,
            field: lb.field,
            resourceId: balancer.id,
          });
        }
      }
    }
    if (facing.length > 0) return { facing: true, evidence: facing };
    if (unknown.length > 0) return { facing: 'unknown', evidence: unknown };
    return {
      facing: false,
      evidence: [{ message: `no public IP and no public load balancer on NIC ${[...nics].join(', ')}` }],
    };
  };

  const vmIpForwarding = (vm: Resource): Verdict<'enabled'> => {
    const refs = vmNetworkInterfaces(inventory, vm);
    if (refs.length === 0) return { enabled: 'unknown', evidence: [noInterfaces(vm)] };
    const enabled: Evidence[] = [];
    const unknown: Evidence[] = [];
    const names: string[] = [];
    for (const ref of refs) {
      if (ref.dangling) {
        unknown.push(
          missing(`NIC ${lastSegment(ref.id)}`, ref.id, ref.field, 'its IP forwarding setting is unknown'),
        );
        continue;
      }
      names.push(ref.resource.name);
      const value = isJsonObject(ref.resource.properties)
        ? getProperty(ref.resource.properties, 'enableIPForwarding')
        : undefined;
      if (value === true || (typeof value === 'string' && value.toLowerCase() === 'true')) {
        enabled.push({
          message: `NIC ${ref.resource.name} has IP forwarding enabled`,
          field: 'properties.enableIPForwarding',
          actual: value,
          expected: false,
          resourceId: ref.resource.id,
        });
      }
    }
    if (enabled.length > 0) return { enabled: true, evidence: enabled };
    if (unknown.length > 0) return { enabled: 'unknown', evidence: unknown };
    return { enabled: false, evidence: [{ message: `IP forwarding is off on NIC ${names.join(', ')}` }] };
  };

  const vmNsgs = (vm: Resource): InterfaceNsgs[] =>
    pathsOf(vm).map((path) => ({
      nicId: path.nicId,
      nicName: path.nicName,
      ipConfiguration: path.ipConfiguration?.name,
      subnetId: path.subnetId,
      nsgs: path.levels.flatMap((level) => (level.kind === 'nsg' ? [level.ref] : [])),
      unknown:
        path.unknown ?? path.levels.flatMap((level) => (level.kind === 'unknown' ? [level.why] : []))[0],
    }));

  return { vmNsgs, vmInternetFacing, vmInboundAllowed, vmInboundOpenings, vmIpForwarding };
}

/** Rule fields the NSG JSON holds but the model could not read: they match nothing, and say so. */
function problems(nsg: NsgRef, rules: InboundRules): Evidence[] {
  return rules.problems.map((problem) => ({
    message: `NSG ${nsg.name}: ${problem}; it is ignored`,
    resourceId: nsg.id,
  }));
}

/** What the snapshot lacks to judge the path: the NIC, the subnet, or an NSG's rules. */
function blindSpot(path: Path): Evidence | undefined {
  if (path.unknown) return path.unknown;
  for (const level of path.levels) {
    if (level.kind === 'unknown') return level.why;
    if (level.kind === 'nsg' && !level.rules)
      return missing(`NSG ${level.ref.name}`, level.ref.id, undefined);
  }
  return undefined;
}

function matches(rule: SecurityRule, packet: Packet, destination: PacketDestination): boolean {
  return (
    protocolMatches(rule, packet.protocol) &&
    portMatches(rule, packet.port) &&
    sourceMatches(rule, packet.source) &&
    destinationMatches(rule, destination)
  );
}

function ruleRef(nsg: NsgRef, rule: SecurityRule): RuleRef {
  return {
    nsgId: nsg.id,
    nsgName: nsg.name,
    level: nsg.level,
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    access: rule.access,
    isDefault: rule.isDefault,
  };
}

function where(nsg: NsgRef): string {
  return `NSG ${nsg.name} on ${nsg.level === 'nic' ? 'NIC' : 'subnet'} ${nsg.attachedTo}`;
}

function ruleEvidence(
  nsg: NsgRef,
  rule: SecurityRule | undefined,
  ref: RuleRef | undefined,
  allows: boolean,
  packet: string,
): Evidence {
  if (rule === undefined || ref === undefined) {
    return { message: `${where(nsg)}: no rule matches ${packet}, so it is denied`, resourceId: nsg.id };
  }
  return {
    message: `${where(nsg)}: rule ${rule.name} (priority ${rule.priority}${rule.isDefault ? ', default rule' : ''}) ${allows ? 'allows' : 'denies'} ${packet}`,
    field: rule.field,
    resourceId: rule.id,
  };
}

function openingEvidence(path: Path, opening: Omit<Opening, 'evidence'>, source: InboundSource): Evidence {
  const ports = opening.from === opening.to ? `${opening.from}` : `${opening.from}-${opening.to}`;
  const rules = opening.rules.map((r) => `rule ${r.name} of NSG ${r.nsgName} (priority ${r.priority})`);
  return {
    message: `NIC ${path.nicName}: ${rules.join(' and ')} ${rules.length > 1 ? 'allow' : 'allows'} ${opening.protocol.toUpperCase()} ${ports} from ${source}`,
    resourceId: opening.rules.at(-1)?.id,
  };
}

function describe(packet: Packet): string {
  return `${packet.protocol.toUpperCase()} ${packet.port} from ${packet.source}`;
}

function missing(
  what: string,
  id: string,
  field: string | undefined,
  consequence = 'its network filtering is unknown',
): Evidence {
  return {
    message: `${what} is not in the snapshot, so ${consequence}`,
    resourceId: id,
    field,
  };
}

function noInterfaces(vm: Resource): Evidence {
  return {
    message: `VM ${vm.name} lists no network interfaces`,
    field: 'properties.networkProfile.networkInterfaces',
    resourceId: vm.id,
  };
}

/** Load balancers whose backend pools or inbound NAT rules the IP configuration is in. */
function loadBalancersOf(nic: Resource, config: IpConfigurationLink): { id: string; field: string }[] {
  const raw = configJson(nic, config);
  if (raw === undefined) return [];
  const found = new Map<string, { id: string; field: string }>();
  for (const [key, marker] of [
    ['loadBalancerBackendAddressPools', '/backendaddresspools/'],
    ['loadBalancerInboundNatRules', '/inboundnatrules/'],
  ] as const) {
    const list = getProperty(raw, key);
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      const id = isJsonObject(item) ? getProperty(item, 'id') : undefined;
      if (typeof id !== 'string') return;
      const at = id.toLowerCase().indexOf(marker);
      if (at === -1) return;
      const lbId = id.slice(0, at);
      if (!found.has(lbId.toLowerCase())) {
        found.set(lbId.toLowerCase(), { id: lbId, field: `${config.field}.properties.${key}[${index}].id` });
      }
    });
  }
  return [...found.values()];
}

/** The IP configuration's own `properties`, found by its position in the NIC's list. */
function configJson(nic: Resource, config: IpConfigurationLink): Record<string, JsonValue> | undefined {
  const open = config.field.lastIndexOf('[');
  const index = Number(config.field.slice(open + 1, -1));
  const list = isJsonObject(nic.properties) ? getProperty(nic.properties, 'ipConfigurations') : undefined;
  const item = Array.isArray(list) ? list[index] : undefined;
  if (!isJsonObject(item)) return undefined;
  return isJsonObject(item.properties) ? item.properties : undefined;
}

/** The public IP ID of the load balancer's first public frontend, if it has one. */
function publicFrontend(lb: Resource): string | undefined {
  const frontends = isJsonObject(lb.properties)
    ? getProperty(lb.properties, 'frontendIPConfigurations')
    : undefined;
  if (!Array.isArray(frontends)) return undefined;
  for (const frontend of frontends) {
    const properties =
      isJsonObject(frontend) && isJsonObject(frontend.properties) ? frontend.properties : undefined;
    const pip = properties ? getProperty(properties, 'publicIPAddress') : undefined;
    const id = isJsonObject(pip) ? getProperty(pip, 'id') : undefined;
    if (typeof id === 'string' && id !== '') return id;
  }
  return undefined;
}

function stringAt(value: JsonValue | undefined, key: string): string | undefined {
  const found = isJsonObject(value) ? getProperty(value, key) : undefined;
  return typeof found === 'string' ? found : undefined;
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
