import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import {
  getProperty,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  propertiesOf,
  valueAt,
} from '../util/json.ts';
import { findUnknown, unknownValue } from '../util/unknown.ts';
import { parseAddressTerm, parseCidr } from './address-prefix.ts';
import { type AddressSet, setOf, single, subtract, union } from './address-set.ts';
import type { Note } from './note.ts';
import { HOST_VIRTUAL_IP, PUBLIC_ADDRESSES } from './service-tags.ts';

/**
 * What the `VirtualNetwork` and `Internet` tags stand for, seen from one virtual network.
 *
 * `VirtualNetwork` is "the virtual network address space …, all connected on-premises address
 * spaces, peered virtual networks, virtual networks connected to a virtual network gateway, the
 * virtual IP address of the host, and address prefixes used on user-defined routes"
 * (MicrosoftDocs/azure-docs articles/virtual-network/service-tags-overview.md). Vigil takes the
 * VNet's address space, the address space of every Connected peering that allows access to the
 * remote VNet, the host's virtual IP, and (routedContext) the prefixes of the subnet's route table;
 * on-premises spaces behind gateways are not in a snapshot, and are noted.
 *
 * `Internet` is "the IP address space that's outside the virtual network and reachable by the
 * public internet": public address space (service-tags.ts) minus the VNet, its peerings and the
 * host's virtual IP.
 */
export interface AddressContext {
  /** The VNet's ID (lower-cased), with the subnet's route table's when it has one: the key compiled NSGs are cached under. */
  key: string;
  /** The VNet's ID (lower-cased): NICs with the same one are in one VNet. */
  network: string;
  vnet: Resource | undefined;
  virtualNetwork: AddressSet;
  internet: AddressSet;
  /** What the context could not resolve (a peered VNet's address space, an unreadable prefix). */
  notes: Note[];
  /** Set when a route table put prefixes in `VirtualNetwork`: which, for evidence. */
  routes?: Note | undefined;
}

export function addressContext(inventory: Inventory, vnet: Resource): AddressContext {
  const notes: Note[] = [];
  const own = prefixesAt(
    vnet.properties,
    ['addressSpace', 'addressPrefixes'],
    vnet,
    'properties.addressSpace.addressPrefixes',
    notes,
  );
  const peered: AddressSet[] = [];
  const peerings = valueAt(vnet.properties, ['virtualNetworkPeerings']);
  if (Array.isArray(peerings)) {
    peerings.forEach((peering, index) => {
      if (!isJsonObject(peering)) return;
      const p = propertiesOf(peering) ?? peering;
      const state = getProperty(p, 'peeringState');
      // Only a Connected peering carries traffic; Initiated and Disconnected ones do not.
      if (typeof state !== 'string' || state.toLowerCase() !== 'connected') return;
      // "The VirtualNetwork service tag … includes the virtual network and peered virtual network when
      // this setting is selected" (virtual-network-manage-peering.md, "Allow 'vnet-1' to access
      // 'vnet-2'"): off, the peered space leaves the tag, and NSG rules can still allow it. Absent is on.
      if (getProperty(p, 'allowVirtualNetworkAccess') === false) return;
      const field = `properties.virtualNetworkPeerings[${index}].properties`;
      if (getProperty(p, 'useRemoteGateways') === true)
        notes.push(
          onPremises(
            vnet,
            `peering ${typeof peering.name === 'string' ? peering.name : `#${index}`} uses the remote VNet's gateway`,
            `${field}.useRemoteGateways`,
          ),
        );
      const remoteId = valueAt(p, ['remoteVirtualNetwork', 'id']);
      for (const key of ['remoteAddressSpace', 'remoteVirtualNetworkAddressSpace']) {
        const listed = valueAt(p, [key, 'addressPrefixes']);
        if (Array.isArray(listed) && listed.length > 0) {
          peered.push(
            prefixesAt(p, [key, 'addressPrefixes'], vnet, `${field}.${key}.addressPrefixes`, notes),
          );
          return;
        }
      }
      const remote = typeof remoteId === 'string' ? inventory.get(remoteId) : undefined;
      if (remote !== undefined) {
        peered.push(
          prefixesAt(
            remote.properties,
            ['addressSpace', 'addressPrefixes'],
            remote,
            'properties.addressSpace.addressPrefixes',
            notes,
          ),
        );
        return;
      }
      notes.push({
        message: `VNet ${vnet.name}: the address space of peered VNet ${typeof remoteId === 'string' ? remoteId.slice(remoteId.lastIndexOf('/') + 1) : `#${index}`} is neither on the peering nor in the snapshot, so VirtualNetwork leaves it out`,
        resourceId: vnet.id,
        field,
      });
    });
  }
  const subnets = valueAt(vnet.properties, ['subnets']);
  if (Array.isArray(subnets))
    subnets.forEach((subnet, index) => {
      if (!isJsonObject(subnet) || typeof subnet.name !== 'string') return;
      if (subnet.name.toLowerCase() !== 'gatewaysubnet') return;
      const used = valueAt(subnet, ['properties', 'ipConfigurations']);
      if (Array.isArray(used) && used.length > 0)
        notes.push(
          onPremises(vnet, 'its GatewaySubnet holds a VNet gateway', `properties.subnets[${index}]`),
        );
    });
  const virtualNetwork = union(own, ...peered, single(HOST_VIRTUAL_IP));
  return {
    key: vnet.id.toLowerCase(),
    network: vnet.id.toLowerCase(),
    vnet,
    virtualNetwork,
    internet: subtract(PUBLIC_ADDRESSES, virtualNetwork),
    notes,
  };
}

/**
 * VirtualNetwork also holds "all connected on-premises address spaces … virtual networks connected to a
 * virtual network gateway" (service-tags-overview.md): prefixes a gateway learns, which no snapshot shows.
 */
function onPremises(vnet: Resource, why: string, field: string): Note {
  return {
    message: `VNet ${vnet.name}: ${why}, so VirtualNetwork also holds the on-premises and gateway-connected prefixes it learns; the snapshot does not show them and Vigil leaves them out`,
    resourceId: vnet.id,
    field,
  };
}

/** The next hops whose routes keep traffic in the private network: their prefixes join VirtualNetwork. */
const PRIVATE_NEXT_HOPS: ReadonlySet<string> = new Set([
  'virtualappliance',
  'virtualnetworkgateway',
  'vnetlocal',
]);
const OTHER_NEXT_HOPS: ReadonlySet<string> = new Set(['internet', 'none']);

/**
 * The context of a subnet with a route table: `VirtualNetwork` also takes "address prefixes used on
 * user-defined routes" (service-tags-overview.md). A route of 0.0.0.0/0 to a firewall appliance makes
 * it every IPv4 address, so AllowVnetInBound and AllowVnetOutBound then admit the internet
 * (MicrosoftDocs/azure-docs#22178, #124192: the prefixes of the route table on the NIC's subnet are
 * added). Vigil takes the routes to a virtual appliance, a VNet gateway or VnetLocal; routes to
 * Internet or None leave the private network. `Internet` keeps Microsoft's public space: a route does
 * not take an address out of it.
 */
export function routedContext(
  inventory: Inventory,
  base: AddressContext,
  subnet: Resource,
  serviceTags?: ReadonlyMap<string, AddressSet>,
): AddressContext {
  const link = valueAt(subnet.properties, ['routeTable']);
  if (link === undefined || link === null) return base;
  const notes: Note[] = [...base.notes];
  const expression = findUnknown(link);
  const id = isJsonObject(link) ? getProperty(link, 'id') : undefined;
  if (expression !== undefined || typeof id !== 'string' || id === '') {
    notes.push({
      message: `subnet ${subnet.name}: its route table is ${expression === undefined ? 'not named by an id' : `known only at deployment (${expression})`}, so the prefixes of its routes, which VirtualNetwork includes, are unknown`,
      resourceId: subnet.id,
      field: 'properties.routeTable',
      ...(expression !== undefined && { actual: unknownValue(expression) }),
    });
    return { ...base, key: `${base.key}|${subnet.id.toLowerCase()}`, notes };
  }
  const key = `${base.key}|${id.toLowerCase()}`;
  const table = inventory.get(id);
  if (table === undefined) {
    notes.push({
      message: `route table ${id.slice(id.lastIndexOf('/') + 1)} of subnet ${subnet.name} is not in the snapshot, so the prefixes of its routes, which VirtualNetwork includes, are unknown`,
      resourceId: id,
      field: 'properties.routeTable.id',
    });
    return { ...base, key, notes };
  }
  const routed: AddressSet[] = [];
  const written: string[] = [];
  for (const { route, field, resourceId } of routesOf(inventory, table)) {
    const p = propertiesOf(route) ?? route;
    const hop = getProperty(p, 'nextHopType');
    const prefix = getProperty(p, 'addressPrefix');
    const name = typeof route.name === 'string' ? route.name : field;
    if (
      typeof hop !== 'string' ||
      !(PRIVATE_NEXT_HOPS.has(hop.toLowerCase()) || OTHER_NEXT_HOPS.has(hop.toLowerCase()))
    ) {
      notes.push({
        message: `route table ${table.name}: route ${name} has next hop type ${JSON.stringify(hop ?? null)}, not VirtualAppliance, VirtualNetworkGateway, VnetLocal, Internet or None; VirtualNetwork leaves its prefix out`,
        resourceId,
        field: `${field}.nextHopType`,
      });
      continue;
    }
    if (!PRIVATE_NEXT_HOPS.has(hop.toLowerCase())) continue;
    const text = typeof prefix === 'string' ? prefix.trim() : '';
    const block = parseCidr(text);
    const tagged = block === undefined ? serviceTags?.get(text.toLowerCase()) : undefined;
    if (block !== undefined || tagged !== undefined) {
      routed.push(block !== undefined ? [block] : tagged!);
      written.push(`${text} (route ${name}, next hop ${hop})`);
    } else
      notes.push({
        message: `route table ${table.name}: route ${name}'s address prefix ${JSON.stringify(prefix ?? null)} is ${text !== '' && parseAddressTerm(text)?.kind === 'other-tag' ? 'a service tag Vigil has no prefixes for' : 'not a CIDR block'}; VirtualNetwork leaves it out`,
        resourceId,
        field: `${field}.addressPrefix`,
      });
  }
  const routes: Note | undefined =
    written.length === 0
      ? undefined
      : {
          message: `VirtualNetwork includes the prefixes of user-defined routes in route table ${table.name}: ${written.join(', ')}; rules naming VirtualNetwork, AllowVnetInBound among them, match those addresses`,
          resourceId: table.id,
          field: 'properties.routes',
        };
  return { ...base, key, virtualNetwork: union(base.virtualNetwork, ...routed), notes, routes };
}

/** A route table's routes: nested in `properties.routes`, and any listed as resources of their own. */
function routesOf(
  inventory: Inventory,
  table: Resource,
): { route: JsonObject; field: string; resourceId: string }[] {
  const found: { route: JsonObject; field: string; resourceId: string }[] = [];
  const names = new Set<string>();
  const nested = valueAt(table.properties, ['routes']);
  if (Array.isArray(nested))
    nested.forEach((route, index) => {
      if (!isJsonObject(route)) return;
      found.push({ route, field: `properties.routes[${index}].properties`, resourceId: table.id });
      if (typeof route.name === 'string') names.add(route.name.toLowerCase());
    });
  for (const child of inventory.childrenOf(table, 'Microsoft.Network/routeTables/routes')) {
    if (names.has(child.name.toLowerCase())) continue;
    found.push({ route: child, field: 'properties', resourceId: child.id });
  }
  return found;
}

/** A context for a subnet whose VNet the snapshot lacks: the subnet's own prefixes stand in for the VNet's. */
export function subnetOnlyContext(subnet: Resource): AddressContext {
  const notes: Note[] = [
    {
      message: `the VNet of subnet ${subnet.name} is not in the snapshot: VirtualNetwork is taken to be the subnet's own prefixes`,
      resourceId: subnet.id,
    },
  ];
  const virtualNetwork = union(subnetPrefixes(subnet, notes), single(HOST_VIRTUAL_IP));
  return {
    key: subnet.id.toLowerCase(),
    network: subnet.id.toLowerCase(),
    vnet: undefined,
    virtualNetwork,
    internet: subtract(PUBLIC_ADDRESSES, virtualNetwork),
    notes,
  };
}

/** `properties.addressPrefix` and `properties.addressPrefixes` (dual-stack and multi-prefix subnets use the list). */
export function subnetPrefixes(subnet: Resource, notes: Note[]): AddressSet {
  const one = valueAt(subnet.properties, ['addressPrefix']);
  const first = typeof one === 'string' ? prefixSet([one], subnet, 'properties.addressPrefix', notes) : [];
  return union(
    first,
    prefixesAt(subnet.properties, ['addressPrefixes'], subnet, 'properties.addressPrefixes', notes),
  );
}

function prefixesAt(
  value: JsonValue | undefined,
  path: string[],
  owner: Resource,
  field: string,
  notes: Note[],
): AddressSet {
  const list = valueAt(value, path);
  if (!Array.isArray(list)) return [];
  return prefixSet(
    list.filter((v): v is string => typeof v === 'string'),
    owner,
    field,
    notes,
  );
}

function prefixSet(prefixes: string[], owner: Resource, field: string, notes: Note[]): AddressSet {
  const blocks: (readonly [bigint, bigint])[] = [];
  for (const prefix of prefixes) {
    const block = parseCidr(prefix.trim());
    if (block) blocks.push(block);
    else
      notes.push({
        message: `${owner.name}: address prefix '${prefix}' is not a CIDR block; it is left out`,
        resourceId: owner.id,
        field,
      });
  }
  return setOf(blocks);
}
