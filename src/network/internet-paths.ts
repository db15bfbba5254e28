import type { Inventory } from '../inventory/inventory.ts';
import type { Resource } from '../inventory/resource.ts';
import { getProperty, isJsonObject, type JsonObject, type JsonValue, propertiesOf } from '../util/json.ts';
import { findUnknown, unknownValue } from '../util/unknown.ts';
import { PROTOCOL_BITS } from './compiled-nsg.ts';
import { formatAddress, parseAddress } from './ip-address.ts';
import type { Note } from './note.ts';
import { ALL_PORTS, type PortRange } from './port-ranges.ts';
import { lastSegment, missing, type VmInterface } from './topology.ts';

/**
 * A way for a packet from the internet to reach a NIC IP configuration: a public IP on it, or a
 * public load balancer frontend that forwards to it by a load-balancing rule or an inbound NAT rule.
 */
export interface InternetPath {
  kind: 'public-ip' | 'load-balancing-rule' | 'inbound-nat-rule';
  /**
   * Standard public IPs and load balancers are "secure by default … closed to inbound traffic"
   * until an NSG allows it; Basic ones are "open by default" (MicrosoftDocs/azure-docs
   * articles/virtual-network/ip-services/public-ip-addresses.md, SKU table). "If you don't have an
   * NSG on a subnet or NIC of your virtual machine resource, traffic isn't allowed to reach the
   * resource" (articles/load-balancer/load-balancer-overview.md, "Secure by default").
   */
  sku: 'Basic' | 'Standard';
  /** Why the SKU is what it is, when the JSON does not say. */
  skuAssumed: string | undefined;
  publicIp: { id: string; name: string; address: string | undefined } | undefined;
  loadBalancer: { id: string; name: string } | undefined;
  rule: { id: string; name: string } | undefined;
  /** PROTOCOL_BITS of what is forwarded. */
  protocols: number;
  /** What the internet connects to, and what the VM receives: equal lengths, mapped in order. */
  frontendPorts: PortRange;
  backendPorts: PortRange;
  /** The JSON field on the NIC that puts the interface on this path (for a pool by IP address, the pool entry on the load balancer). */
  field: string;
}

export interface InternetPaths {
  paths: InternetPath[];
  /** What the snapshot lacks to tell (a load balancer that is not in it). */
  unknown: Note[];
}

const TCP_UDP = PROTOCOL_BITS.Tcp | PROTOCOL_BITS.Udp;

export function internetPaths(inventory: Inventory, i: VmInterface): InternetPaths {
  const paths: InternetPath[] = [];
  const unknown: Note[] = [];
  if (i.config === undefined || i.configProperties === undefined) return { paths, unknown };
  const fields = pathFields(i.configProperties);
  for (const [at, key] of PATH_FIELDS.entries()) {
    const expression = findUnknown(fields[at]);
    if (expression !== undefined)
      unknown.push({
        message: `NIC ${i.nicName} ${i.config.name ?? i.config.field}: ${key} is known only at deployment (${expression}), so whether the internet reaches it that way is unknown`,
        resourceId: i.nicId,
        field: `${i.config.field}.properties.${key}`,
        actual: unknownValue(expression),
      });
  }
  const pip = i.config.publicIPAddress;
  if (pip) {
    const resource = pip.dangling ? undefined : pip.resource;
    const sku = skuOf(resource, `public IP ${lastSegment(pip.id)}`);
    paths.push({
      kind: 'public-ip',
      ...sku,
      publicIp: {
        id: pip.id,
        name: resource?.name ?? lastSegment(pip.id),
        address: stringAt(resource?.properties, 'ipAddress'),
      },
      loadBalancer: undefined,
      rule: undefined,
      // A public IP on the NIC maps every port of every protocol one to one.
      protocols: TCP_UDP,
      frontendPorts: ALL_PORTS,
      backendPorts: ALL_PORTS,
      field: pip.field,
    });
  }
  const pools = idsIn(fields[1]);
  const natRules = idsIn(fields[2]);
  const members = addressMembers(inventory, i);
  // Most interfaces are behind no load balancer.
  if (pools.length === 0 && natRules.length === 0 && members.length === 0) return { paths, unknown };
  const balancers = new Map<string, { id: string; field: string }>();
  for (const [list, marker, key] of [
    [pools, '/backendaddresspools/', 'loadBalancerBackendAddressPools'],
    [natRules, '/inboundnatrules/', 'loadBalancerInboundNatRules'],
  ] as const) {
    list.forEach(({ id, index }) => {
      const at = id.toLowerCase().indexOf(marker);
      if (at === -1) return;
      const lbId = id.slice(0, at);
      if (!balancers.has(lbId.toLowerCase()))
        balancers.set(lbId.toLowerCase(), {
          id: lbId,
          field: `${i.config!.field}.properties.${key}[${index}].id`,
        });
    });
  }
  // A Standard load balancer's pool may list the interface by IP address and VNet: the NIC then names no pool.
  for (const member of members) {
    pools.push({ id: member.poolId, index: -1 });
    if (!balancers.has(member.lb.id.toLowerCase()))
      balancers.set(member.lb.id.toLowerCase(), { id: member.lb.id, field: member.field });
  }
  for (const { id, field } of balancers.values()) {
    const lb = inventory.get(id);
    if (lb === undefined) {
      unknown.push(
        missing(`load balancer ${lastSegment(id)}`, id, field, 'whether its frontend is public is unknown'),
      );
      continue;
    }
    paths.push(
      ...balancerPaths(
        inventory,
        lb,
        pools.map((p) => p.id.toLowerCase()),
        natRules.map((n) => n.id.toLowerCase()),
        field,
      ),
    );
  }
  return { paths, unknown };
}

/** The IP configuration's fields that can put it on a path from the internet. */
const PATH_FIELDS = ['publicIPAddress', 'loadBalancerBackendAddressPools', 'loadBalancerInboundNatRules'];
const PATH_FIELDS_LOWER = PATH_FIELDS.map((key) => key.toLowerCase());

/**
 * PATH_FIELDS' values, names matched as getProperty matches them (the exact spelling, else the first
 * spelling in another case), in one pass: most IP configurations have none of them, and getProperty
 * walks every key for each one missing.
 */
function pathFields(properties: JsonObject): (JsonValue | undefined)[] {
  const found = PATH_FIELDS.map((key) => getOwn(properties, key));
  if (!found.includes(undefined)) return found;
  for (const key in properties) {
    if (!Object.hasOwn(properties, key) || !PATH_FIELDS.some((f) => f.length === key.length)) continue;
    const at = PATH_FIELDS_LOWER.indexOf(key.toLowerCase());
    if (at !== -1 && found[at] === undefined) found[at] = properties[key];
  }
  return found;
}

function getOwn(object: JsonObject, key: string): JsonValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** A backend pool entry that names an interface by IP address and VNet (a pool "by IP address"). */
interface AddressMember {
  lb: Resource;
  poolId: string;
  /** Where the entry sits in the load balancer's JSON. */
  field: string;
}

/** Pool entries by `<VNet ID>|<address>`, lower-cased, per inventory: built once, empty for most estates. */
const membersByAddress = new WeakMap<Inventory, Map<string, AddressMember[]>>();

/**
 * The backend pools that list this interface's private address in its VNet
 * (`backendAddressPools[].properties.loadBalancerBackendAddresses[].properties.ipAddress` with
 * `virtualNetwork.id`, on the entry or on the pool; MicrosoftDocs/azure-docs
 * articles/load-balancer/backend-pool-management.md).
 */
function addressMembers(inventory: Inventory, i: VmInterface): AddressMember[] {
  let index = membersByAddress.get(inventory);
  if (index === undefined) {
    index = indexAddressMembers(inventory);
    membersByAddress.set(inventory, index);
  }
  if (index.size === 0 || i.address === undefined || i.context === undefined) return [];
  return index.get(`${i.context.network}|${formatAddress(i.address.value)}`) ?? [];
}

function indexAddressMembers(inventory: Inventory): Map<string, AddressMember[]> {
  const index = new Map<string, AddressMember[]>();
  for (const lb of inventory.byType('Microsoft.Network/loadBalancers')) {
    const properties = isJsonObject(lb.properties) ? lb.properties : {};
    const list = getProperty(properties, 'backendAddressPools');
    if (!Array.isArray(list)) continue;
    list.forEach((pool, p) => {
      if (!isJsonObject(pool)) return;
      const poolProperties = ownOrNested(pool);
      const poolId = stringAt(pool, 'id') ?? `${lb.id}/backendAddressPools/${stringAt(pool, 'name') ?? p}`;
      const poolVnet = idAt(poolProperties, 'virtualNetwork');
      const entries = getProperty(poolProperties, 'loadBalancerBackendAddresses');
      if (!Array.isArray(entries)) return;
      entries.forEach((entry, e) => {
        if (!isJsonObject(entry)) return;
        const at = ownOrNested(entry);
        const text = stringAt(at, 'ipAddress');
        const address = text === undefined ? undefined : parseAddress(text.trim());
        const vnet = idAt(at, 'virtualNetwork') ?? poolVnet;
        if (address === undefined || vnet === undefined) return;
        const key = `${vnet.toLowerCase()}|${formatAddress(address.value)}`;
        const found = index.get(key) ?? [];
        found.push({
          lb,
          poolId,
          field: `properties.backendAddressPools[${p}].properties.loadBalancerBackendAddresses[${e}]`,
        });
        index.set(key, found);
      });
    });
  }
  return index;
}

function balancerPaths(
  inventory: Inventory,
  lb: Resource,
  pools: string[],
  natRules: string[],
  field: string,
): InternetPath[] {
  const properties = isJsonObject(lb.properties) ? lb.properties : {};
  const sku = skuOf(lb, `load balancer ${lb.name}`);
  const paths: InternetPath[] = [];
  for (const item of objects(getProperty(properties, 'loadBalancingRules'))) {
    const rule = ownOrNested(item);
    const rulePools = [
      idAt(rule, 'backendAddressPool'),
      ...idsAt(rule, 'backendAddressPools').map((p) => p.id),
    ]
      .filter((p): p is string => p !== undefined)
      .map((p) => p.toLowerCase());
    if (!rulePools.some((p) => pools.includes(p))) continue;
    const pip = publicFrontend(inventory, lb, properties, idAt(rule, 'frontendIPConfiguration'));
    if (pip === undefined) continue;
    const ports = portMapping(rule);
    paths.push({
      kind: 'load-balancing-rule',
      ...sku,
      publicIp: pip,
      loadBalancer: ref(lb),
      rule: childRef(item, lb, 'loadBalancingRules'),
      ...ports,
      field,
    });
  }
  for (const item of objects(getProperty(properties, 'inboundNatRules'))) {
    const rule = ownOrNested(item);
    const id = stringAt(item, 'id')?.toLowerCase();
    const pool = idAt(rule, 'backendAddressPool')?.toLowerCase();
    // A NAT rule names the IP configuration (v1), or a backend pool and a frontend port range (v2).
    const v1 = id !== undefined && natRules.includes(id);
    const v2 = pool !== undefined && pools.includes(pool);
    if (!v1 && !v2) continue;
    const pip = publicFrontend(inventory, lb, properties, idAt(rule, 'frontendIPConfiguration'));
    if (pip === undefined) continue;
    paths.push({
      kind: 'inbound-nat-rule',
      ...sku,
      publicIp: pip,
      loadBalancer: ref(lb),
      rule: childRef(item, lb, 'inboundNatRules'),
      ...portMapping(rule),
      field,
    });
  }
  return paths;
}

/** The public IP of the frontend a rule uses; undefined for an internal (private) frontend. */
function publicFrontend(
  inventory: Inventory,
  lb: Resource,
  properties: JsonObject,
  frontendId: string | undefined,
) {
  if (frontendId === undefined) return undefined;
  const name = lastSegment(frontendId).toLowerCase();
  const frontend = objects(getProperty(properties, 'frontendIPConfigurations')).find(
    (f) =>
      stringAt(f, 'id')?.toLowerCase() === frontendId.toLowerCase() ||
      stringAt(f, 'name')?.toLowerCase() === name,
  );
  if (frontend === undefined) return undefined;
  const p = ownOrNested(frontend);
  const pipId = idAt(p, 'publicIPAddress') ?? idAt(p, 'publicIPPrefix');
  if (pipId === undefined) return undefined;
  const pip = inventory.get(pipId);
  return {
    id: pipId,
    name: pip?.name ?? lastSegment(pipId),
    address: stringAt(pip?.properties, 'ipAddress') ?? `(frontend of ${lb.name})`,
  };
}

/** Frontend port to backend port, per protocol. Port 0 with protocol All is an HA-ports rule: every port. */
function portMapping(rule: JsonObject): Pick<InternetPath, 'protocols' | 'frontendPorts' | 'backendPorts'> {
  const protocolText = stringAt(rule, 'protocol')?.toLowerCase();
  const protocols =
    protocolText === 'tcp' ? PROTOCOL_BITS.Tcp : protocolText === 'udp' ? PROTOCOL_BITS.Udp : TCP_UDP;
  const front = numberAt(rule, 'frontendPort');
  const back = numberAt(rule, 'backendPort') ?? front;
  const rangeStart = numberAt(rule, 'frontendPortRangeStart');
  const rangeEnd = numberAt(rule, 'frontendPortRangeEnd');
  if (front === 0 && back === 0 && protocols === TCP_UDP)
    return { protocols, frontendPorts: ALL_PORTS, backendPorts: ALL_PORTS };
  if (rangeStart !== undefined && back !== undefined) {
    // NAT rule v2: each backend instance gets one frontend port of the range, all mapped to the backend port.
    return {
      protocols,
      frontendPorts: { from: rangeStart, to: rangeEnd ?? rangeStart },
      backendPorts: { from: back, to: back },
    };
  }
  return {
    protocols,
    frontendPorts: { from: front ?? 0, to: front ?? 65535 },
    backendPorts: { from: back ?? 0, to: back ?? 65535 },
  };
}

function skuOf(resource: Resource | undefined, what: string): Pick<InternetPath, 'sku' | 'skuAssumed'> {
  const name = isJsonObject(resource?.sku) ? getProperty(resource.sku, 'name') : undefined;
  if (typeof name === 'string' && name.toLowerCase() === 'standard')
    return { sku: 'Standard', skuAssumed: undefined };
  if (typeof name === 'string' && name.toLowerCase() === 'basic')
    return { sku: 'Basic', skuAssumed: undefined };
  // Basic was the SKU ARM gave when none was named; taking it keeps the open reading.
  return {
    sku: 'Basic',
    skuAssumed:
      resource === undefined
        ? `${what} is not in the snapshot: taken as Basic (open)`
        : `${what} names no SKU: taken as Basic (open), ARM's old default`,
  };
}

function ref(resource: Resource) {
  return { id: resource.id, name: resource.name };
}

function childRef(item: JsonObject, lb: Resource, kind: string) {
  const name = stringAt(item, 'name') ?? '?';
  return { id: stringAt(item, 'id') ?? `${lb.id}/${kind}/${name}`, name };
}

function ownOrNested(item: JsonObject): JsonObject {
  return propertiesOf(item) ?? item;
}

function objects(value: JsonValue | undefined): JsonObject[] {
  return Array.isArray(value) ? value.filter(isJsonObject) : [];
}

function idAt(object: JsonObject, key: string): string | undefined {
  const value = getProperty(object, key);
  return isJsonObject(value) ? stringAt(value, 'id') : undefined;
}

function idsAt(object: JsonObject, key: string): { id: string; index: number }[] {
  return idsIn(getProperty(object, key));
}

function idsIn(list: JsonValue | undefined): { id: string; index: number }[] {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) => {
    const id = isJsonObject(item) ? stringAt(item, 'id') : undefined;
    return id ? [{ id, index }] : [];
  });
}

function stringAt(value: JsonValue | undefined, key: string): string | undefined {
  const found = isJsonObject(value) ? getProperty(value, key) : undefined;
  return typeof found === 'string' && found !== '' ? found : undefined;
}

function numberAt(object: JsonObject, key: string): number | undefined {
  const value = getProperty(object, key);
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 65535
    ? value
    : undefined;
}
