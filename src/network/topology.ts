import {
  type IpConfigurationLink,
  nicIpConfigurations,
  nicNetworkSecurityGroup,
  type Reference,
} from '../inventory/relations.ts';
import type { Resource } from '../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonObject, propertiesOf } from '../util/json.ts';
import { findUnknown, unknownValue } from '../util/unknown.ts';
import { type AddressSet, ALL_IPV4, ALL_IPV6, intersect } from './address-set.ts';
import type { NetworkEngine } from './engine.ts';
import { type Address, type Family, parseAddress } from './ip-address.ts';
import type { Level, LevelName } from './levels.ts';
import type { Note } from './note.ts';
import { type AddressContext, subnetPrefixes } from './vnet-space.ts';

/** One way into or out of a VM: a NIC IP configuration, its subnet, and the NSGs at both levels. */
export interface VmInterface {
  vm: Resource;
  nicId: string;
  nicName: string;
  nic: Resource | undefined;
  config: IpConfigurationLink | undefined;
  /** The IP configuration's own JSON properties: load balancer pools, NAT rules, IP version. */
  configProperties: JsonObject | undefined;
  subnetId: string | undefined;
  subnet: Resource | undefined;
  context: AddressContext | undefined;
  family: Family;
  /** The private IP address NSGs see (inbound after DNAT, outbound before SNAT). */
  address: Address | undefined;
  /** When the snapshot has no private IP (dynamic, not yet assigned): the subnet's prefixes, where it lies. */
  addressRange: AddressSet | undefined;
  /** Lower-cased IDs of the application security groups the IP configuration belongs to. */
  asgs: ReadonlySet<string>;
  subnetLevel: Level;
  nicLevel: Level;
  /** Set when nothing about the interface's filtering can be known (the NIC is missing or has no IP configuration). */
  unknown: Note | undefined;
}

/** Inbound traffic meets the subnet's NSG first, then the NIC's; outbound the reverse (network-security-group-how-it-works.md). */
export function inboundLevels(i: VmInterface): Level[] {
  return [i.subnetLevel, i.nicLevel];
}

export function outboundLevels(i: VmInterface): Level[] {
  return [i.nicLevel, i.subnetLevel];
}

/** Most NICs are in no application security group: they share one empty set. */
const NO_ASGS: ReadonlySet<string> = new Set();

export function readInterfaces(engine: NetworkEngine, vm: Resource): VmInterface[] {
  const inventory = engine.inventory;
  const interfaces: VmInterface[] = [];
  for (const nicRef of engine.nicsOf(vm)) {
    const nicName = lastSegment(nicRef.id);
    const bare = {
      vm,
      nicId: nicRef.id,
      nicName,
      config: undefined,
      configProperties: undefined,
      subnetId: undefined,
      subnet: undefined,
      context: undefined,
      family: 4 as const,
      address: undefined,
      addressRange: undefined,
      asgs: NO_ASGS,
    };
    if (nicRef.dangling) {
      const why = missing(`NIC ${nicName}`, nicRef.id, nicRef.field);
      interfaces.push({ ...bare, nic: undefined, ...unknownLevels(why), unknown: why });
      continue;
    }
    const nic = nicRef.resource;
    const configs = nicIpConfigurations(inventory, nic);
    if (configs.length === 0) {
      const why = { message: `NIC ${nic.name} has no IP configurations in the snapshot`, resourceId: nic.id };
      interfaces.push({ ...bare, nic, ...unknownLevels(why), unknown: why });
      continue;
    }
    const nicNsgRef = nicNetworkSecurityGroup(inventory, nic);
    for (const config of configs) {
      const configProperties = configJson(nic, config);
      const subnetRef = config.subnet;
      const subnet = subnetRef && !subnetRef.dangling ? subnetRef.resource : undefined;
      const context = subnet ? engine.contextOf(subnet) : undefined;
      const version = configProperties ? getProperty(configProperties, 'privateIPAddressVersion') : undefined;
      const address = config.privateIPAddress ? parseAddress(config.privateIPAddress.trim()) : undefined;
      const family: Family =
        address?.family ?? (typeof version === 'string' && version.toLowerCase() === 'ipv6' ? 6 : 4);
      // A subnet link known only at deployment (a template's reference()) leaves the subnet, and so its
      // NSG and the VNet the NIC NSG's service tags mean, unknown: the verdicts it could decide are too.
      const deployedSubnet = subnetRef === undefined ? deployedSubnetOf(configProperties) : undefined;
      let subnetLevel: Level;
      if (deployedSubnet !== undefined) {
        subnetLevel = {
          kind: 'unknown',
          level: 'subnet',
          why: {
            message: `NIC ${nic.name} ${config.name ?? config.field}'s subnet is known only at deployment (${deployedSubnet}), so its network filtering is unknown`,
            resourceId: nic.id,
            field: `${config.field}.properties.subnet`,
            actual: unknownValue(deployedSubnet),
          },
        };
      } else if (subnetRef === undefined) {
        subnetLevel = {
          kind: 'unknown',
          level: 'subnet',
          why: {
            message: `NIC ${nic.name} ${config.name ?? config.field} names no subnet`,
            resourceId: nic.id,
            field: config.field,
          },
        };
      } else if (subnet === undefined) {
        subnetLevel = {
          kind: 'unknown',
          level: 'subnet',
          why: missing(`subnet ${lastSegment(subnetRef.id)}`, subnetRef.id, subnetRef.field),
        };
      } else {
        subnetLevel = engine.subnetLevel(subnet);
      }
      const nicLevel: Level =
        deployedNsg(nic, `NIC ${nic.name}`, 'nic') ??
        (context
          ? engine.nsgLevel(nicNsgRef, 'nic', nic.name, context)
          : nicLevelWithoutContext(engine, nicNsgRef, nic.name, deployedSubnet));
      interfaces.push({
        vm,
        nicId: nicRef.id,
        nicName,
        nic,
        config,
        configProperties,
        subnetId: subnetRef?.id,
        subnet,
        context,
        family,
        address,
        addressRange:
          address === undefined && subnet
            ? intersect(subnetPrefixes(subnet, []), family === 4 ? ALL_IPV4 : ALL_IPV6)
            : undefined,
        asgs:
          config.applicationSecurityGroups.length === 0
            ? NO_ASGS
            : new Set(config.applicationSecurityGroups.map((asg) => asg.id.toLowerCase())),
        subnetLevel,
        nicLevel,
        unknown: undefined,
      });
    }
  }
  return interfaces;
}

/** Without the subnet the VNet is unknown, and with it what the NIC NSG's service tags mean: only "none" is certain. */
function nicLevelWithoutContext(
  engine: NetworkEngine,
  ref: Reference | undefined,
  nicName: string,
  deployedSubnet: string | undefined,
): Level {
  if (ref === undefined) return { kind: 'none', level: 'nic', attachedTo: nicName };
  return {
    kind: 'unknown',
    level: 'nic',
    ref: engine.nsgRef(ref, 'nic', nicName),
    why: {
      message: `NIC ${nicName}'s subnet is unknown${deployedSubnet === undefined ? '' : ` until deployment (${deployedSubnet})`}, so what NSG ${lastSegment(ref.id)}'s service tags cover is too`,
      resourceId: ref.id,
      ...(deployedSubnet !== undefined && { actual: unknownValue(deployedSubnet) }),
    },
  };
}

function deployedSubnetOf(configProperties: JsonObject | undefined): string | undefined {
  return configProperties ? findUnknown(getProperty(configProperties, 'subnet')) : undefined;
}

/** The level of a subnet or NIC whose NSG association is known only at deployment (a template's `reference()`). */
export function deployedNsg(resource: Resource, what: string, level: LevelName): Level | undefined {
  const value = isJsonObject(resource.properties)
    ? getProperty(resource.properties, 'networkSecurityGroup')
    : undefined;
  const expression = findUnknown(value);
  if (expression === undefined) return undefined;
  return {
    kind: 'unknown',
    level,
    why: {
      message: `${what}'s NSG is known only at deployment (${expression}), so its network filtering is unknown`,
      resourceId: resource.id,
      field: 'properties.networkSecurityGroup',
      actual: unknownValue(expression),
    },
  };
}

function unknownLevels(why: Note): { subnetLevel: Level; nicLevel: Level } {
  const level = (name: LevelName): Level => ({ kind: 'unknown', level: name, why });
  return { subnetLevel: level('subnet'), nicLevel: level('nic') };
}

export function missing(
  what: string,
  id: string,
  field: string | undefined,
  consequence = 'its network filtering is unknown',
): Note {
  return { message: `${what} is not in the snapshot, so ${consequence}`, resourceId: id, field };
}

/** The IP configuration's own `properties`, found by its position in the NIC's list. */
function configJson(nic: Resource, config: IpConfigurationLink): JsonObject | undefined {
  const open = config.field.lastIndexOf('[');
  const index = Number(config.field.slice(open + 1, -1));
  const list = isJsonObject(nic.properties) ? getProperty(nic.properties, 'ipConfigurations') : undefined;
  const item = Array.isArray(list) ? list[index] : undefined;
  if (!isJsonObject(item)) return undefined;
  return propertiesOf(item);
}

export function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}
