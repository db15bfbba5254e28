import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonValue, valueAt } from '../util/json.ts';
import { parseCidr } from './address-prefix.ts';
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
 * VNet's address space, the address space of every peering in state Connected, and the host's
 * virtual IP; on-premises spaces behind gateways and route-table prefixes are not modelled.
 *
 * `Internet` is "the IP address space that's outside the virtual network and reachable by the
 * public internet": public address space (service-tags.ts) minus `VirtualNetwork`.
 */
export interface AddressContext {
  /** The VNet's ID (lower-cased), the key compiled NSGs are cached under. */
  key: string;
  vnet: Resource | undefined;
  virtualNetwork: AddressSet;
  internet: AddressSet;
  /** What the context could not resolve (a peered VNet's address space, an unreadable prefix). */
  notes: Note[];
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
      const p = isJsonObject(peering.properties) ? peering.properties : peering;
      const state = getProperty(p, 'peeringState');
      // Only a Connected peering carries traffic; Initiated and Disconnected ones do not.
      if (typeof state !== 'string' || state.toLowerCase() !== 'connected') return;
      const field = `properties.virtualNetworkPeerings[${index}].properties`;
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
  const virtualNetwork = union(own, ...peered, single(HOST_VIRTUAL_IP));
  return {
    key: vnet.id.toLowerCase(),
    vnet,
    virtualNetwork,
    internet: subtract(PUBLIC_ADDRESSES, virtualNetwork),
    notes,
  };
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
